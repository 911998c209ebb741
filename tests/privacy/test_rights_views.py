"""The member's rights-request pages: file a request, see its status and history, notices.

Access: the owner sees their own; another member gets 404; consultants and staff are not
members (403); anonymous visitors are sent to sign in. The proxy form is public."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from privacy.rights import notices, steps
from privacy.rights.models import RightsKind, RightsNotice, RightsRequest, RightsStatus
from tests.conftest import make_member
from tests.privacy.rights_support import file_request, in_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(member):
    return file_request(member, RightsKind.CORRECTION)


def member_pages(filed) -> list[str]:
    return [
        reverse("rights:list"),
        reverse("rights:new"),
        reverse("rights:detail", args=[filed.pk]),
    ]


def test_owner_sees_the_pages(client, member, filed):
    client.force_login(member)
    for url in member_pages(filed):
        assert client.get(url).status_code == 200, url


def test_another_member_gets_404_for_someone_elses_request(client, other_member, filed):
    client.force_login(other_member)

    assert client.get(reverse("rights:detail", args=[filed.pk])).status_code == 404
    assert "희망 직무" not in client.get(reverse("rights:list")).content.decode()


def test_consultant_and_staff_are_not_members_here(client, consultant, staff, filed):
    for user in (consultant, staff):
        client.force_login(user)
        for url in member_pages(filed):
            assert client.get(url).status_code == 403, (user, url)


def test_anonymous_is_sent_to_sign_in(client, filed):
    for url in member_pages(filed):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_proxy_form_is_public_for_everyone(client, member, consultant, staff):
    url = reverse("rights:proxy")
    assert client.get(url).status_code == 200
    for user in (member, consultant, staff):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_member_files_a_correction_request_and_sees_its_due_date(client, member):
    client.force_login(member)

    response = client.post(
        reverse("rights:new"),
        {"kind": "correction", "correction_item": "희망 직무", "correction_value": "데이터 분석"},
    )

    request = RightsRequest.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("rights:detail", args=[request.pk])
    assert request.correction_value == "데이터 분석"
    page = client.get(response["Location"]).content.decode()
    assert "처리 기한" in page and request.due_date.isoformat() in page
    assert "요구를 접수했어요" in page


def test_correction_without_item_and_value_is_refused_and_keeps_what_was_typed(client, member):
    client.force_login(member)

    response = client.post(
        reverse("rights:new"), {"kind": "correction", "detail": "이름 철자가 틀렸어요"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "정정할 항목을 입력해 주세요." in page and "올바른 내용을 입력해 주세요." in page
    assert "이름 철자가 틀렸어요" in page  # nothing typed is lost
    assert not RightsRequest.objects.exists()


def test_suspension_needs_at_least_one_purpose(client, member):
    client.force_login(member)

    response = client.post(reverse("rights:new"), {"kind": "suspension"})

    assert "정지할 처리를 하나 이상 골라 주세요." in response.content.decode()
    client.post(reverse("rights:new"), {"kind": "suspension", "suspend_purposes": ["messaging"]})
    assert RightsRequest.objects.get(member=member).purposes == ["messaging"]


def test_request_without_kind_is_refused_in_korean(client, member):
    client.force_login(member)

    response = client.post(reverse("rights:new"), {})

    assert "요구 종류를 골라 주세요." in response.content.decode()


def test_markup_typed_by_a_member_is_shown_as_text(client, member):
    client.force_login(member)
    request = file_request(member, RightsKind.ACCESS, detail="<script>alert(1)</script>")

    page = client.get(reverse("rights:detail", args=[request.pk])).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_refusal_shows_grounds_and_how_to_object(client, member, filed):
    steps.rights_request_refuse(
        request=filed, actor=None, grounds="증빙이 없어요", objection=steps.default_objection()
    )
    client.force_login(member)

    page = client.get(reverse("rights:detail", args=[filed.pk])).content.decode()

    assert "거절 사유" in page and "증빙이 없어요" in page
    assert "이의 제기 방법" in page and "118" in page


def test_opening_a_request_marks_its_notices_read(client, member, filed):
    steps.rights_request_verify_identity(request=filed, actor=None)
    client.force_login(member)
    # Written out in SQL: the same answer as the ORM's reading.
    orm = RightsNotice.objects.filter(member=member, read_at__isnull=True).count()
    assert notices.unread_notice_count(member) == orm == 2

    list_page = client.get(reverse("rights:list")).content.decode()
    assert "정정 요구를 처리하고 있어요." in list_page and "새 알림" in list_page

    client.get(reverse("rights:detail", args=[filed.pk]))
    assert notices.unread_notice_count(member) == 0
    assert RightsNotice.objects.filter(member=member, read_at__isnull=False).count() == 2


def test_home_badge_include_shows_unread_outcomes(member, other_member, filed):
    steps.rights_request_verify_identity(request=filed, actor=None)
    template = Template("{% load privacy_rights %}{% rights_notice_badge %}")
    request = RequestFactory().get("/home/")

    for user, expected in ((member, "새 알림 2"), (other_member, "")):
        request.user = user
        html = template.render(Context({"user": user, "request": request}))
        assert (expected in html) if expected else "새 알림" not in html


def test_privacy_centre_tag_lists_latest_notices(member, filed):
    steps.rights_request_complete(
        request=steps.rights_request_verify_identity(request=filed, actor=None), actor=None
    )
    html = Template("{% load privacy_rights %}{% rights_notices %}").render(
        Context({"user": member})
    )

    assert "정정 요구를 처리했어요." in html


@pytest.mark.parametrize("rows", [1, 50])
def test_list_page_query_count_does_not_grow_with_rows(rows, client, django_assert_max_num_queries):
    member = make_member()
    for _ in range(rows):
        in_progress(member, RightsKind.ACCESS)
    client.force_login(member)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("rights:list"))

    assert response.content.decode().count("열람 요구</a>") == rows
    assert response.status_code == 200


def test_requests_for_member_shows_status_labels_for_the_privacy_centre(member, filed):
    steps.rights_request_pause(request=filed, actor=None, note="자료")

    (found,) = notices.requests_for_member(member)

    assert found.get_status_display() == "보완 요청 (기한 정지)"
    assert found.status == RightsStatus.WAITING


def test_member_pages_are_well_formed_and_labelled(client, member, filed):
    from tests.core.test_html import audit

    steps.rights_request_pause(request=filed, actor=None, note="자료")
    client.force_login(member)
    pages = [
        client.get(reverse("rights:list")),
        client.get(reverse("rights:new")),
        client.post(reverse("rights:new"), {"kind": "suspension"}),
        client.get(reverse("rights:detail", args=[filed.pk])),
    ]
    for response in pages:
        assert audit(response.content.decode()) == [], response.request["PATH_INFO"]


def test_proxy_pages_are_well_formed_and_labelled(client, db):
    from tests.core.test_html import audit

    for response in (
        client.get(reverse("rights:proxy")),
        client.post(reverse("rights:proxy"), {"kind": "correction"}),
        client.get(reverse("rights:proxy_done")),
    ):
        assert audit(response.content.decode()) == []
