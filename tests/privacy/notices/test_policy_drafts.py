"""Draft → preview → publish: one source of truth for the policy page.

처리방침 변경: "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지". A draft is not in force, not
announced and never a consent's version; its preview is the page members will see; publishing
posts the notice dated today; a published version is never edited or deleted; the live page
renders the version in force with the tables it was published with."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.consents.policy_version import current_policy_version
from privacy.notices.document import with_effective_date
from privacy.notices.models import Entrustment, Notice, NoticeKind, PolicyVersion
from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import (
    policy_drafts,
    policy_timeline,
    policy_timeline_forget,
    policy_version_in_force_row,
    policy_versions_waiting,
)
from privacy.notices.services import (
    entrustment_save,
    policy_draft_publish,
    policy_draft_save,
)
from privacy.notices.signals import policy_version_published
from tests.conftest import make_staff
from tests.core.test_html import audit
from tests.privacy.notices.conftest import KST
from tests.privacy.notices.test_entrustments import entrustment_rows

# The real clock of the seeded database's story: 2024-06-20 in force, 12-10, 12-17 and 12-24
# announced. Each test starts here (KST) and moves with time_machine.
START = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=KST)
DRAFT = {
    "version": "2027-01-05",
    "summary": "처리 위탁 표를 고쳐요.",
    # Drafted from the text in force, as the admin starts it, with its own 시행일.
    "text": with_effective_date(policy_text("2026-12-24"), datetime.date(2027, 1, 5)),
    "reconsent_required": False,
}


@pytest.fixture
def at_start():
    with time_machine.travel(START, tick=False) as traveller:
        policy_timeline_forget()
        yield traveller
    policy_timeline_forget()


@pytest.fixture
def officer(client, db):
    client.force_login(make_staff("officer", superuser=True))
    return client


def page(client) -> str:
    policy_timeline_forget()
    return client.get("/privacy/policy/").content.decode()


def draft(**overrides) -> PolicyVersion:
    data = {**DRAFT, "effective_date": datetime.date(2027, 1, 5), **overrides}
    return policy_draft_save(**data)


def test_a_draft_is_not_in_force_not_announced_and_never_a_consents_version(db, at_start):
    at_start.move_to(datetime.datetime(2026, 12, 30, 12, tzinfo=KST))
    policy_timeline_forget()
    proposed = draft()

    at_start.move_to(datetime.datetime(2027, 1, 6, 12, tzinfo=KST))
    policy_timeline_forget()

    assert proposed.version not in {v.version for v in policy_timeline().versions}
    assert current_policy_version() == "2026-12-24"
    assert not Notice.objects.filter(policy_version=proposed).exists()
    assert list(policy_drafts()) == [proposed]
    assert list(policy_versions_waiting(datetime.date(2027, 1, 6))) == []


def test_drafts_and_archive_pages_are_hidden_from_members(client, member, db, at_start):
    proposed = draft()
    client.force_login(member)

    assert client.get(f"/notices/policy/versions/{proposed.version}/").status_code == 404
    assert client.get(f"/notices/policy/versions/{proposed.version}/page/").status_code == 404
    assert client.get("/notices/policy/versions/").content.decode().count(proposed.version) == 0
    preview = client.get(f"/notices/policy/drafts/{proposed.pk}/preview/")
    assert preview.status_code == 302 and "/admin/login/" in preview["Location"]


def test_the_preview_is_the_members_page_with_a_banner_for_staff_only(
    officer, client, db, at_start
):
    proposed = draft()

    preview = officer.get(f"/notices/policy/drafts/{proposed.pk}/preview/").content.decode()

    assert "미리보기" in preview and "아직 공지하지 않은 초안 2027-01-05" in preview
    assert "시행일: 2027년 1월 5일 (버전 2027-01-05)" in preview
    # The same template and tables as the live page: only the banner and the dates differ.
    live = page(client)
    assert entrustment_rows(preview) == entrustment_rows(live)
    assert audit(preview) == []
    client.logout()
    anonymous = client.get(f"/notices/policy/drafts/{proposed.pk}/preview/")
    assert anonymous.status_code == 302


def test_admin_offers_preview_and_publish_for_a_draft_only(officer, db, at_start):
    proposed = draft()
    published = PolicyVersion.objects.get(version="2026-12-24")

    draft_page = officer.get(f"/admin/notices/policyversion/{proposed.pk}/change/").content.decode()
    final_page = officer.get(
        f"/admin/notices/policyversion/{published.pk}/change/"
    ).content.decode()

    assert "미리보기" in draft_page and "공지하고 게시" in draft_page
    assert 'name="_save"' in draft_page
    assert "공지하고 게시" not in final_page and 'name="_save"' not in final_page
    assert "이 버전의 방침 화면" in final_page
    assert officer.post(f"/admin/notices/policyversion/{published.pk}/publish/").status_code == 403


def test_a_draft_is_editable_and_deletable_until_published(officer, db, at_start):
    proposed = draft()
    url = f"/admin/notices/policyversion/{proposed.pk}/"

    edited = officer.post(
        url + "change/", {**DRAFT, "summary": "고친 요약이에요.", "effective_date": "2027-01-05"}
    )
    assert edited.status_code == 302
    assert PolicyVersion.objects.get(pk=proposed.pk).summary == "고친 요약이에요."

    assert officer.post(url + "delete/", {"post": "yes"}).status_code == 302
    assert not PolicyVersion.objects.filter(pk=proposed.pk).exists()


def test_publishing_posts_the_notice_today_and_sends_the_signal(officer, db, at_start):
    proposed = draft()
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    policy_version_published.connect(receiver, dispatch_uid="test-drafts")
    try:
        response = officer.post(f"/admin/notices/policyversion/{proposed.pk}/publish/")
    finally:
        policy_version_published.disconnect(dispatch_uid="test-drafts")

    assert response.status_code == 302
    published = PolicyVersion.objects.get(pk=proposed.pk)
    assert published.published_at == START
    notice = Notice.objects.get(policy_version=published)
    assert notice.kind == NoticeKind.POLICY_CHANGE and notice.published_at == START
    assert notice.title == "개인정보처리방침 변경 안내 (2027년 1월 5일 시행)"
    assert [s["version"] for s in sent] == ["2027-01-05"]
    assert list(policy_versions_waiting(START.date())).count(published) == 1
    # Final: neither editable nor deletable, in the admin or through the services.
    url = f"/admin/notices/policyversion/{published.pk}/"
    assert (
        officer.post(url + "change/", {**DRAFT, "effective_date": "2027-02-01"}).status_code == 403
    )
    assert officer.post(url + "delete/", {"post": "yes"}).status_code == 403
    with pytest.raises(Exception, match="새 버전"):
        policy_draft_save(draft=published, **{**DRAFT, "effective_date": datetime.date(2027, 2, 1)})


def test_a_draft_left_too_long_is_refused_at_publication_and_kept(officer, db, at_start):
    proposed = draft(effective_date=datetime.date(2026, 12, 28))
    at_start.move_to(datetime.datetime(2026, 12, 23, 9, tzinfo=KST))
    officer.force_login(make_staff("officer2", superuser=True))  # the old session expired

    response = officer.post(f"/admin/notices/policyversion/{proposed.pk}/publish/", follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert any("2026년 12월 30일 이후로 정해 주세요" in m for m in messages)
    assert PolicyVersion.objects.get(pk=proposed.pk).is_draft
    assert not Notice.objects.filter(policy_version=proposed).exists()


def test_an_entrustment_change_reaches_the_page_only_when_its_version_takes_effect(
    client, db, at_start
):
    """The issue's acceptance: edit the entrustment table, the live page stays as the version in
    force says until the new version takes effect, then shows the new table."""
    before = entrustment_rows(page(client))
    kakao = Entrustment.objects.get(trustee="카카오비즈니스")
    kakao.task = "알림톡 발송"
    proposed = entrustment_save(entrustment=kakao)

    assert entrustment_rows(page(client)) == before
    assert proposed.is_draft and proposed.effective_date > datetime.date(2026, 12, 24)
    policy_draft_publish(draft=proposed)
    at_start.move_to(
        datetime.datetime.combine(proposed.effective_date, datetime.time(0), tzinfo=KST)
        - datetime.timedelta(minutes=1)
    )
    assert entrustment_rows(page(client)) == before

    at_start.move_to(
        datetime.datetime.combine(proposed.effective_date, datetime.time(0), tzinfo=KST)
    )
    after = page(client)
    assert entrustment_rows(after)[0] == ["카카오비즈니스", "알림톡 발송", kakao.retention]
    assert f"버전 {proposed.version}" in after
    notice = Notice.objects.get(policy_version=proposed)
    assert "알림톡 발송" in notice.body


def test_an_older_version_renders_its_own_tables(client, db, at_start):
    first = PolicyVersion.objects.get(version="2024-06-20")
    PolicyVersion.objects.filter(pk=first.pk).update(
        snapshot={
            **first.snapshot,
            "entrustments": [{"trustee": "옛 수탁자", "task": "t", "retention": "r"}],
        }
    )

    old = client.get("/notices/policy/versions/2024-06-20/page/").content.decode()
    current = client.get("/notices/policy/versions/2026-12-24/page/").content.decode()

    assert entrustment_rows(old) == [["옛 수탁자", "t", "r"]]
    assert '<th scope="row">지원 관리</th>' not in old
    assert '<th scope="row">지원 관리</th>' in current
    assert "2026년 12월 24일부터 시행" in current and "지금 시행 중인 방침 보기" in current


def _policy_page_queries(client, rows: int) -> int:
    in_force = policy_version_in_force_row()
    entrustments = [
        {"trustee": f"수탁자{i}", "task": "업무", "retention": "기간"} for i in range(rows)
    ]
    PolicyVersion.objects.filter(pk=in_force.pk).update(
        snapshot={**in_force.snapshot, "entrustments": entrustments}
    )
    # A published row is never rewritten but here: forget its page kept in the process.
    policy_timeline_forget()
    client.get("/privacy/policy/")  # warm the timeline cache and the kept body
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/privacy/policy/")
    assert len(entrustment_rows(response.content.decode())) == rows
    return len(queries)


def test_policy_page_queries_do_not_grow_with_the_tables(client, db, at_start):
    with_one = _policy_page_queries(client, 1)

    # None once warm: the timeline is cached and the version's body kept (bodies.py).
    assert _policy_page_queries(client, 50) == with_one == 0


def test_a_version_page_links_the_page_it_was_published_with(client, db, at_start):
    page_of = client.get("/notices/policy/versions/2026-12-10/").content.decode()

    assert 'href="/notices/policy/versions/2026-12-10/page/"' in page_of


def test_a_published_version_has_no_preview(officer, db, at_start):
    published = PolicyVersion.objects.get(version="2026-12-24")

    assert officer.get(f"/notices/policy/drafts/{published.pk}/preview/").status_code == 404


def _admin_list_queries(officer, expected_drafts: int) -> int:
    officer.get("/admin/notices/policyversion/")  # warm the session and the timeline
    with CaptureQueriesContext(connection) as queries:
        response = officer.get("/admin/notices/policyversion/")
    assert response.status_code == 200
    assert response.content.decode().count("초안</td>") == expected_drafts
    return len(queries)


def test_admin_version_list_queries_do_not_grow_with_versions(officer, db, at_start):
    draft(version="d0")
    with_one = _admin_list_queries(officer, 1)
    for i in range(1, 50):
        draft(version=f"d{i}", effective_date=datetime.date(2027, 1, 5) + datetime.timedelta(i))

    assert _admin_list_queries(officer, 50) == with_one


def test_the_preview_names_the_tables_the_draft_changes(officer, db, at_start):
    kakao = Entrustment.objects.get(trustee="카카오비즈니스")
    kakao.task = "알림톡 발송"
    proposed = entrustment_save(entrustment=kakao)

    preview = officer.get(f"/notices/policy/drafts/{proposed.pk}/preview/").content.decode()

    assert "버전 2026-12-24과 달라지는 표: 개인정보 처리 위탁" in preview
    assert "<td>알림톡 발송</td>" in preview


def test_the_form_keeps_the_documents_line_endings(db, at_start):
    from privacy.notices.forms import PolicyVersionForm

    form = PolicyVersionForm(
        {**DRAFT, "text": "첫 문단\r\n둘째 문단", "effective_date": "2027-01-05"}, now=START
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "첫 문단\n둘째 문단"
