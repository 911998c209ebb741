"""Policy versions: 7 days of notice, the version in force, the archive and the diff."""

import datetime
import re

import pytest
from django.conf import settings

from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import Purpose
from privacy.consents.services import consent_change
from privacy.notices.forms import PolicyVersionForm
from privacy.notices.models import Notice, NoticeKind, PolicyVersion
from privacy.notices.services import policy_version_publish
from tests.conftest import make_staff
from tests.core.test_html import audit
from tests.privacy.notices.conftest import BASE_TEXT, KST, days_from_today, publish

FORM = {
    "version": "2025-03-08",
    "summary": "카카오톡 알림의 보유기간을 바꿔요.",
    # The text states the draft's own 시행일 (the form holds the two together).
    "text": BASE_TEXT.replace("즉시 파기", "3개월 뒤 파기").replace(
        "2024년 6월 20일", "2025년 3월 8일"
    ),
    "reconsent_required": "on",
}


# --- 처리방침: 변경 사항의 시행 7일 전부터 공지사항을 통하여 고지 -----------------------------


def test_policy_form_refuses_an_effective_date_6_days_out_and_accepts_7(base_version):
    now = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=KST)  # late evening in Seoul

    six = PolicyVersionForm({**FORM, "effective_date": "2025-03-07"}, now=now)
    seven = PolicyVersionForm({**FORM, "effective_date": "2025-03-08"}, now=now)

    assert not six.is_valid()
    assert "7일" in six.errors["effective_date"][0]
    assert seven.is_valid(), seven.errors


def test_admin_refuses_6_days_and_drafts_then_publishes_7_days_out_with_a_notice(
    client, base_version, clock, django_user_model
):
    clock.set(2025, 3, 1, 10, 0)
    admin_user = make_staff("officer", "officer-password-123", superuser=True)
    client.force_login(admin_user)

    refused = client.post(
        "/admin/notices/policyversion/add/", {**FORM, "effective_date": "2025-03-07"}
    )
    assert refused.status_code == 200
    assert "2025년 3월 8일 이후로 정해 주세요" in refused.content.decode()
    assert not PolicyVersion.objects.filter(version="2025-03-08").exists()

    accepted = client.post(
        "/admin/notices/policyversion/add/", {**FORM, "effective_date": "2025-03-08"}
    )
    assert accepted.status_code == 302
    draft = PolicyVersion.objects.get(version="2025-03-08")
    assert draft.is_draft and not Notice.objects.filter(policy_version=draft).exists()

    published = client.post(f"/admin/notices/policyversion/{draft.pk}/publish/")
    assert published.status_code == 302
    version = PolicyVersion.objects.get(version="2025-03-08")
    assert version.published_at == datetime.datetime(2025, 3, 1, 10, 0, tzinfo=KST)
    assert version.reconsent_required is True
    notice = Notice.objects.get(policy_version=version)
    assert notice.kind == NoticeKind.POLICY_CHANGE
    assert "2025년 3월 8일" in notice.title


def test_service_enforces_the_notice_period_too(base_version):
    now = datetime.datetime(2025, 3, 1, 10, 0, tzinfo=KST)
    with pytest.raises(Exception, match="7일"):
        policy_version_publish(
            version="x",
            effective_date=datetime.date(2025, 3, 7),
            summary="s",
            text="t",
            reconsent_required=False,
            now=now,
        )


def test_a_new_version_must_take_effect_after_the_latest_one(base_version):
    publish("2025-03-08", datetime.date(2025, 3, 8))
    form = PolicyVersionForm(
        {**FORM, "version": "b", "effective_date": "2025-03-08"},
        now=datetime.datetime(2025, 2, 1, tzinfo=KST),
    )
    assert not form.is_valid()
    assert "가장 최근 버전" in form.errors["effective_date"][0]


def test_published_versions_cannot_be_edited_or_deleted_in_admin(client, base_version, admin_user):
    client.force_login(admin_user)
    url = f"/admin/notices/policyversion/{base_version.pk}/"

    assert client.post(url + "change/", {**FORM, "effective_date": "2030-01-01"}).status_code == 403
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert PolicyVersion.objects.filter(pk=base_version.pk).exists()


# --- The version in force ---------------------------------------------------------------


def test_current_version_falls_back_to_settings_when_none_is_published(db):
    Notice.objects.exclude(policy_version=None).delete()
    PolicyVersion.objects.all().delete()

    assert current_policy_version() == settings.PRIVACY_POLICY_VERSION


def test_a_version_is_in_force_from_its_effective_date_in_seoul(base_version, clock):
    publish("2025-03-08", datetime.date(2025, 3, 8))

    clock.set(2025, 3, 7, 23, 59)
    assert current_policy_version() == "2024-06-20"
    clock.set(2025, 3, 8, 0, 0)
    assert current_policy_version() == "2025-03-08"


def test_consent_rows_name_the_version_in_force(member, base_version, clock):
    publish("2025-03-08", datetime.date(2025, 3, 8))
    clock.set(2025, 3, 9, 12, 0)

    consent_change(member=member, purpose=Purpose.MARKETING, granted=True)

    row = ConsentRecord.objects.filter(member=member, purpose=Purpose.MARKETING).last()
    assert row.policy_version == "2025-03-08"
    assert row.channel == ConsentChannel.SETTINGS


def test_the_version_in_force_costs_no_query_once_cached(base_version, django_assert_num_queries):
    current_policy_version()
    with django_assert_num_queries(0):
        assert current_policy_version() == "2024-06-20"


# --- The 7-day banner and the notice board -----------------------------------------------


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_banner_shows_during_the_7_days_only(client, member, base_version, clock, who):
    if who == "member":
        client.force_login(member)
    publish("2025-03-08", datetime.date(2025, 3, 8))

    clock.set(2025, 3, 5, 12, 0)
    during = client.get("/privacy/policy/").content.decode()
    clock.set(2025, 3, 8, 0, 1)
    after = client.get("/privacy/policy/").content.decode()

    assert "개인정보처리방침이 2025년 3월 8일부터 바뀌어요" in during
    assert "/notices/policy/versions/2025-03-08/changes/" in during
    assert "부터 바뀌어요" not in after


def test_notice_board_lists_the_announcement_and_its_page_links_the_changes(client, base_version):
    publish("2025-03-08", datetime.date(2025, 3, 8))
    notice = Notice.objects.get(kind=NoticeKind.POLICY_CHANGE)

    board = client.get("/notices/").content.decode()
    page = client.get(f"/notices/{notice.pk}/").content.decode()

    assert notice.title in board
    assert "/notices/policy/versions/2025-03-08/changes/" in page
    assert audit(board) == [] and audit(page) == []


def test_notice_board_queries_do_not_grow_with_notices(client, db, django_assert_num_queries):
    Notice.objects.create(title="공지 1", body="내용")
    client.get("/notices/")
    with django_assert_num_queries(1):  # the page and one more notice, no count
        client.get("/notices/")
    Notice.objects.bulk_create(Notice(title=f"공지 {i}", body="내용") for i in range(2, 51))
    with django_assert_num_queries(1):
        page = client.get("/notices/").content.decode()
    assert page.count('class="item-link"') == 20
    assert "?page=2" in page and "최근 공지" not in page


def test_notice_board_pages_forward_and_back_and_past_the_end_shows_the_last(client, db):
    Notice.objects.all().delete()
    Notice.objects.bulk_create(Notice(title=f"공지 {i}", body="내용") for i in range(45))

    second = client.get("/notices/?page=2").content.decode()
    last = client.get("/notices/?page=3").content.decode()
    beyond = client.get("/notices/?page=9").content.decode()
    titles = lambda html: re.findall(r'class="item-link"[^>]*>([^<]+)<', html)  # noqa: E731

    assert second.count('class="item-link"') == 20
    assert "?page=1" in second and "?page=3" in second
    assert last.count('class="item-link"') == 5 and "?page=4" not in last
    assert titles(beyond) == titles(last) == [f"공지 {i}" for i in range(4, -1, -1)]


def test_notice_bodies_are_escaped(client, db):
    notice = Notice.objects.create(title="<b>제목</b>", body="<script>alert(1)</script>")

    page = client.get(f"/notices/{notice.pk}/").content.decode()

    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


# --- The policy page, the archive and the diff -------------------------------------------


def test_policy_page_shows_the_version_in_force_and_links_the_archive(client, base_version, clock):
    publish("2025-03-08", datetime.date(2025, 3, 8))
    clock.set(2025, 3, 10, 9, 0)

    page = client.get("/privacy/policy/").content.decode()

    assert "시행일: 2025년 3월 8일 (버전 2025-03-08)" in page
    assert 'href="/notices/policy/versions/"' in page
    assert audit(page) == []


def test_archive_lists_versions_with_their_dates(client, base_version, clock):
    publish("2025-03-08", datetime.date(2025, 3, 8), reconsent=True)
    clock.set(2025, 3, 3, 9, 0)

    page = client.get("/notices/policy/versions/").content.decode()

    assert "버전 2025-03-08" in page and "2025년 3월 8일 시행" in page
    assert "버전 2024-06-20" in page and "2024년 6월 20일 시행" in page
    assert "시행 예정" in page and "필수 동의 변경" in page
    assert audit(page) == []
    version_page = client.get("/notices/policy/versions/2025-03-08/").content.decode()
    assert audit(version_page) == []
    assert client.get("/notices/policy/versions/nope/").status_code == 404


def test_changes_page_marks_inserted_and_deleted_text_and_escapes_it(client, base_version):
    text = BASE_TEXT.replace("즉시 파기", "3개월 뒤 파기") + "\n<script>새 문단</script>"
    publish("2025-03-08", datetime.date(2025, 3, 8), text=text)

    response = client.get("/notices/policy/versions/2025-03-08/changes/")
    page = response.content.decode()

    assert "<del>즉시 </del>" in page and "<ins>3개월 뒤 </ins>" in page
    assert "<ins>&lt;script&gt;새 문단&lt;/script&gt;</ins>" in page
    assert "<script>새 문단" not in page
    assert audit(page) == []


def test_changes_against_a_chosen_older_version(client, base_version):
    publish("2025-03-08", datetime.date(2025, 3, 8), text=BASE_TEXT + "\n둘째 버전 문단")
    publish("2025-04-08", datetime.date(2025, 4, 8), text=BASE_TEXT + "\n셋째 버전 문단")

    page = client.get(
        "/notices/policy/versions/2025-04-08/changes/", {"from": "2024-06-20"}
    ).content.decode()

    assert "<ins>셋째 버전 문단</ins>" in page
    assert "둘째" not in page


def test_the_first_version_has_no_changes_page(client, base_version):
    PolicyVersion.objects.exclude(pk=base_version.pk).delete()
    assert client.get("/notices/policy/versions/2024-06-20/changes/").status_code == 404


def test_seed_migration_archives_the_current_policy(db):
    seeded = PolicyVersion.objects.get(version="2024-06-20")

    assert seeded.effective_date == datetime.date(2024, 6, 20)
    assert "개인정보 처리방침 변경" in seeded.text
    assert days_from_today(0) > seeded.effective_date


def test_the_notice_of_a_policy_change_stays_as_posted(client, base_version):
    """The notice is the record that members were told, and from when (7 days' notice): it
    cannot be rewritten afterwards; a general notice can still be corrected."""
    from privacy.notices.models import Notice, NoticeKind

    officer = make_staff("officer2", "officer-password-123", superuser=True)
    client.force_login(officer)
    policy_notice = Notice.objects.filter(kind=NoticeKind.POLICY_CHANGE).first() or (
        Notice.objects.create(title="방침 변경 안내", body="-", kind=NoticeKind.POLICY_CHANGE)
    )
    general = Notice.objects.create(title="점검 안내", body="12월 5일 새벽 점검이 있어요.")
    url = f"/admin/notices/notice/{policy_notice.pk}/change/"

    page = client.get(url).content.decode()
    client.post(url, {"title": "고친 제목", "body": "고친 내용"})

    policy_notice.refresh_from_db()
    assert policy_notice.title != "고친 제목" and 'name="_save"' not in page
    assert (
        'name="_save"' in client.get(f"/admin/notices/notice/{general.pk}/change/").content.decode()
    )
