"""Control over what a company receives (issue 14): the member chooses the profile items, consents
to the provision to the company by name (개인정보 보호법 제17조 제2항), and the application page
and the staff's copy that goes to the company show exactly what was chosen."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverletters.checks import Finding
from coverletters.models import Question
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.purposes import Purpose
from privacy.consents.services import has_consent
from profiles.models import Profile
from recruiting import services
from recruiting.models import Application
from recruiting.services import RecruitingError, application_submit
from tests.conftest import make_staff
from tests.core.test_html import audit
from tests.recruiting.conftest import make_posting, ready_member

BIRTH = "1999-03-14"
SITUATION = "이직 고민 중이에요쀍"
DEFAULT_SHOWN = "name,desired_job,educations,careers,desired_industry"


@pytest.fixture
def letter(member):
    letter = ready_member(member)
    profile = Profile.objects.get(member=member)
    profile.birth_date = datetime.date(1999, 3, 14)
    profile.situation = SITUATION
    profile.desired_industry = "가전"
    profile.save()
    return letter


def apply_url(posting):
    return f"/recruiting/postings/{posting.pk}/apply/"


def post_apply(client, posting, letter, **fields):
    data = {"cover_letter": letter.pk, "shown": DEFAULT_SHOWN, "consent": "on"}
    data.update(fields)
    return client.post(apply_url(posting), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    return client


# --- The apply page --------------------------------------------------------------------------


def test_the_apply_page_ticks_the_defaults_and_states_the_consent(client, member, posting, letter):
    client.force_login(member)
    page = client.get(apply_url(posting), {"cover_letter": letter.pk}).content.decode()

    ticked = {
        key
        for key in ("birth_date", "educations", "careers", "desired_industry", "situation")
        if f'value="{key}" checked' in page
    }
    assert ticked == {"educations", "careers", "desired_industry"}
    assert page.count("checked disabled") == 2  # 이름 and 희망 직무 always go
    # The consent, on its own: the company by name, its purpose, the items, how long it keeps
    # them, the right to refuse and what refusing costs.
    consent = page[page.index("data-consent") :]
    assert "라이프전자" in consent and "채용 전형 진행" in consent
    assert "자기소개서 (지원 시점의 사본), 이름, 희망 직무, 학력, 경력, 희망 산업" in consent
    assert "채용 절차 종료 후 지체 없이 파기 (최대 1년)" in consent
    assert "라이프멘토를 통해 이 회사에 지원할 수 없어요" in consent
    assert 'name="consent"' in consent and 'name="consent" value="on" checked' not in page
    assert audit(page) == []


def test_the_company_states_its_own_purpose_and_retention(client, member, posting, letter):
    posting.company.retention_text = "채용 절차 종료 후 6개월 보관 후 파기"
    posting.company.save()
    client.force_login(member)

    page = client.get(apply_url(posting), {"cover_letter": letter.pk}).content.decode()

    assert "채용 절차 종료 후 6개월 보관 후 파기" in page


def test_the_defaults_leave_birth_date_and_situation_at_home(client, member, posting, letter):
    client.force_login(member)

    response = post_apply(
        client, posting, letter, items=["educations", "careers", "desired_industry"]
    )

    application = Application.objects.get(member=member)
    assert response.status_code == 302
    assert application.shared_items == DEFAULT_SHOWN.split(",")
    assert set(application.profile_snapshot) == set(DEFAULT_SHOWN.split(","))
    assert SITUATION not in str(application.profile_snapshot)


def test_the_snapshot_holds_only_the_chosen_items(client, member, posting, letter):
    client.force_login(member)

    post_apply(client, posting, letter, shown="name,desired_job,birth_date", items=["birth_date"])

    application = Application.objects.get(member=member)
    assert application.shared_items == ["name", "desired_job", "birth_date"]
    assert application.profile_snapshot == {
        "name": "김지원",
        "desired_job": "마케팅",
        "birth_date": BIRTH,
    }


def test_required_items_go_even_when_a_request_leaves_them_out(member, posting, letter):
    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True, items=["careers"]
    )
    assert application.shared_items == ["name", "desired_job", "careers"]


def test_an_unknown_item_is_refused_and_nothing_is_sent(client, member, posting, letter):
    client.force_login(member)

    response = post_apply(client, posting, letter, items=["phone"])

    assert response.status_code == 200
    assert "보낼 항목을 다시 골라 주세요." in response.content.decode()
    assert not Application.objects.exists()


# --- The consent -----------------------------------------------------------------------------


def test_refusing_the_consent_blocks_applying_in_korean_and_loses_nothing(
    client, member, posting, letter
):
    client.force_login(member)

    response = post_apply(
        client,
        posting,
        letter,
        consent=None,
        shown="name,desired_job,birth_date,careers",
        items=["birth_date", "careers"],
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "라이프전자에 지원서를 보내려면 제3자 제공에 동의해 주세요." in page
    assert 'value="birth_date" checked' in page and 'value="careers" checked' in page
    assert 'value="educations" checked' not in page  # the choice is kept as made
    assert not Application.objects.exists()
    assert not ConsentRecord.objects.filter(purpose=Purpose.COMPANY_APPLICATION).exists()


def test_the_service_refuses_without_consent(member, posting, letter):
    with pytest.raises(RecruitingError, match="제3자 제공에 동의해 주세요"):
        application_submit(member=member, posting=posting, cover_letter=letter, consented=False)
    assert not Application.objects.exists()


def test_a_choice_changed_after_the_statement_was_read_is_asked_again(
    client, member, posting, letter
):
    client.force_login(member)

    # The statement named the defaults; the member then also ticked 현재 상황 및 고민 (no script).
    response = post_apply(
        client, posting, letter, items=["educations", "careers", "desired_industry", "situation"]
    )

    page = response.content.decode()
    assert "고른 항목이 바뀌었어요" in page
    assert "희망 산업, 현재 상황 및 고민" in page  # the statement now names it
    assert not Application.objects.exists()


def test_the_ledger_keeps_one_consent_per_application_with_the_five_items(member, letter):
    first = application_submit(
        member=member, posting=make_posting(), cover_letter=letter, consented=True
    )
    second = application_submit(
        member=member,
        posting=make_posting(title="2026 상반기 영업"),
        cover_letter=letter,
        consented=True,
        items=["situation"],
    )

    rows = ConsentRecord.objects.filter(member=member, purpose=Purpose.COMPANY_APPLICATION)
    assert [r.grant_ref for r in rows] == [first.pk, second.pk]
    record = rows.get(grant_ref=second.pk)
    assert record.granted and record.channel == ConsentChannel.PROVISION
    details = record.details
    assert details["recipient"] == "라이프전자"
    assert details["purpose"] == "채용 전형 진행 (지원자 서류 검토 및 연락)"
    assert details["items"] == "자기소개서 (지원 시점의 사본), 이름, 희망 직무, 현재 상황 및 고민"
    assert details["retention"] == "채용 절차 종료 후 지체 없이 파기 (최대 1년)"
    assert "지원할 수 없어요" in details["refusal"]
    assert details["item_keys"] == ["name", "desired_job", "situation"]
    # A per-application consent is no purpose-wide state.
    assert not has_consent(member, Purpose.COMPANY_APPLICATION)


def test_a_hold_still_refuses_with_the_consent_given(client, member, posting, letter):
    from privacy.rights.models import RightsKind
    from tests.privacy.rights_support import in_progress

    in_progress(member, RightsKind.CORRECTION)
    client.force_login(member)

    response = post_apply(
        client, posting, letter, items=["educations", "careers", "desired_industry"]
    )

    assert response.status_code == 200
    assert "지금은 회사에 지원서를 보낼 수 없어요" in response.content.decode()
    assert not Application.objects.exists()
    assert not ConsentRecord.objects.filter(purpose=Purpose.COMPANY_APPLICATION).exists()


# --- The pre-submit check and the 제출본 --------------------------------------------------------


def test_findings_link_to_the_editor_and_sending_anyway_needs_a_confirmation(
    client, member, posting, letter, monkeypatch
):
    question = letter.questions.first()
    finding = Finding(
        kind="other_company",
        message="다른 회사 이름 ‘한빛은행’이 답변에 있어요.",
        question_id=question.pk,
        excerpt="한빛은행",
    )
    title = Finding(kind="old_title", message="제목에 다른 회사 이름이 있어요.", where="title")
    seen = []

    def findings(letter_, *, company=None):
        seen.append(company)
        return [finding, title]

    monkeypatch.setattr(services, "letter_findings", findings)
    client.force_login(member)

    page = client.get(apply_url(posting), {"cover_letter": letter.pk}).content.decode()
    assert seen == ["라이프전자"]
    assert "다른 회사 이름 ‘한빛은행’이 답변에 있어요." in page
    assert f'href="/coverletters/{letter.pk}/#q-{question.pk}"' in page
    assert f'href="/coverletters/{letter.pk}/edit/"' in page

    items = ["educations", "careers", "desired_industry"]
    refused = post_apply(client, posting, letter, items=items)
    assert "자기소개서에 확인할 내용이 있어요." in refused.content.decode()
    assert not Application.objects.exists()

    sent = post_apply(client, posting, letter, items=items, confirm_findings="on")
    assert sent.status_code == 302 and Application.objects.count() == 1


def test_the_submitted_copy_is_kept_and_its_id_stored(member, posting, letter, monkeypatch):
    calls = []

    def copy(letter_, *, reason, label):
        calls.append((letter_.pk, reason, label))
        return 77

    monkeypatch.setattr(services, "letter_submitted_copy", copy)

    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True
    )

    assert calls == [(letter.pk, "application", "라이프전자 지원 제출본")]
    application.refresh_from_db()
    assert application.letter_version_ref == 77


def test_the_application_keeps_the_letter_it_sent_as_a_submitted_version(application):
    from coverletters.versions.models import LetterVersion, LetterVersionKind

    version = LetterVersion.objects.get(pk=application.letter_version_ref)
    assert version.kind == LetterVersionKind.SUBMITTED_APPLICATION
    sent = [q["answer"] for q in application.letter_snapshot["questions"]]
    assert [q["answer"] for q in version.snapshot["questions"]] == sent


# --- What the company received ---------------------------------------------------------------


def test_the_application_page_shows_only_what_was_chosen_and_the_consent(
    client, member, posting, letter
):
    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True, items=["careers"]
    )
    client.force_login(member)

    page = client.get(application.get_absolute_url()).content.decode()

    sent = page[page.index("data-sent-items") : page.index("app-consent")]
    assert "라이프컴퍼니" in sent and "김지원" in sent and "마케팅" in sent
    assert "한국대학교" not in sent and BIRTH not in page and SITUATION not in page
    assert "가전" not in sent
    consent = page[page.index('id="app-consent"') :]
    assert "자기소개서 (지원 시점의 사본), 이름, 희망 직무, 경력" in consent
    assert "채용 절차 종료 후 지체 없이 파기 (최대 1년)" in consent
    assert "제공 동의 철회하기" in consent
    assert audit(page) == []


def test_staff_copy_shows_only_what_was_chosen_read_only_and_logged(
    admin_client, member, posting, letter
):
    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True, items=["birth_date"]
    )
    url = f"/admin/recruiting/application/{application.pk}/company-copy/"

    response = admin_client.get(url)

    page = response.content.decode()
    copy = page[page.index("data-company-copy") :]
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "처음 쓴 답변 1" in copy and BIRTH in copy and "김지원" in copy
    assert "한국대학교" not in copy and "라이프컴퍼니" not in copy and SITUATION not in copy
    assert "<form" not in copy and "<input" not in copy
    entry = AccessLogEntry.objects.filter(action=AccessLogAction.VIEW).latest("seq")
    assert (entry.target_id, entry.subject_ids) == (str(application.pk), [member.pk])
    assert "지원한 회사에 전달할 지원서 사본" in entry.reason_text
    assert entry.detail == {"copy": "company", "items": ["name", "desired_job", "birth_date"]}
    change = admin_client.get(f"/admin/recruiting/application/{application.pk}/change/")
    assert url in change.content.decode()


def test_staff_without_the_reveal_permission_get_no_copy(client, application):
    staff = make_staff("clerk", "clerk-password-123")
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(staff)

    response = client.get(f"/admin/recruiting/application/{application.pk}/company-copy/")

    assert response.status_code == 403


# --- Withdrawing the consent -----------------------------------------------------------------


def test_withdrawing_the_consent_is_recorded_and_ends_the_staff_copy(
    client, admin_client, member, posting, letter
):
    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True
    )
    other = application_submit(
        member=member, posting=make_posting(title="다른 공고"), cover_letter=letter, consented=True
    )
    client.force_login(member)
    url = f"/recruiting/applications/{application.pk}/consent/withdraw/"

    page = client.post(url, follow=True).content.decode()

    assert "이미 전달된 지원서는 회사에 남아 있고" in page
    assert "동의를 철회하셨어요" in page and "제공 동의 철회하기" not in page
    rows = ConsentRecord.objects.filter(purpose=Purpose.COMPANY_APPLICATION, granted=False)
    assert [(r.grant_ref, r.channel) for r in rows] == [(application.pk, ConsentChannel.PROVISION)]
    assert "이미 철회한 동의예요." in client.post(url, follow=True).content.decode()
    assert rows.count() == 1
    assert services.application_copy_available(other)  # the other application is untouched
    Application.objects.filter(pk=application.pk).update()  # the record itself stays
    assert Application.objects.filter(pk=application.pk).exists()

    admin_client.force_login(make_staff("root2", "root-password-123", superuser=True))
    before = AccessLogEntry.objects.filter(action=AccessLogAction.VIEW).count()
    copy = admin_client.get(f"/admin/recruiting/application/{application.pk}/company-copy/")
    assert "철회" in copy.content.decode() and "처음 쓴 답변 1" not in copy.content.decode()
    assert AccessLogEntry.objects.filter(action=AccessLogAction.VIEW).count() == before


def test_an_application_from_before_the_choice_has_no_copy(admin_client, member, posting):
    old = Application.objects.create(
        member=member,
        posting=posting,
        letter_snapshot={"title": "t", "job_title": "j", "questions": []},
        profile_snapshot={"name": "김지원", "desired_job": "마케팅", "situation": ""},
    )
    page = admin_client.get(f"/admin/recruiting/application/{old.pk}/company-copy/")
    assert "볼 수 없어요" in page.content.decode()


# --- Access ----------------------------------------------------------------------------------


def test_another_member_gets_404_on_the_application_and_its_consent(
    client, other_member, application
):
    client.force_login(other_member)

    assert client.get(application.get_absolute_url()).status_code == 404
    withdraw = f"/recruiting/applications/{application.pk}/consent/withdraw/"
    assert client.post(withdraw).status_code == 404
    assert not ConsentRecord.objects.filter(granted=False, grant_ref=application.pk).exists()


def test_withdrawing_needs_a_post_and_a_sign_in(client, member, application):
    withdraw = f"/recruiting/applications/{application.pk}/consent/withdraw/"
    assert client.post(withdraw).status_code == 302  # to sign-in
    client.force_login(member)
    assert client.get(withdraw).status_code == 405


def test_a_member_cannot_apply_with_another_members_letter(
    client, member, other_member, posting, letter
):
    client.force_login(other_member)
    response = post_apply(client, posting, letter, items=["careers"])
    assert response.status_code == 302
    assert not Application.objects.exists()


# --- Queries ---------------------------------------------------------------------------------


def _with_questions(letter, n):
    letter.questions.all().delete()
    for i in range(n):
        Question.objects.create(
            cover_letter=letter, position=i + 1, prompt=f"문항 {i + 1}", answer="답"
        )


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_apply_page_queries_do_not_grow_with_questions(client, member, posting, letter):
    client.force_login(member)
    _with_questions(letter, 1)
    # The partner names the check guards against are cached a minute: warm, as most requests.
    client.get(apply_url(posting), {"cover_letter": letter.pk})
    one = _count(client, apply_url(posting), {"cover_letter": letter.pk})
    _with_questions(letter, 50)
    fifty = _count(client, apply_url(posting), {"cover_letter": letter.pk})
    assert one == fifty


def test_the_application_page_queries_do_not_grow_with_questions(client, member, letter):
    client.force_login(member)
    counts = []
    for n in (1, 50):
        _with_questions(letter, n)
        application = application_submit(
            member=member, posting=make_posting(), cover_letter=letter, consented=True
        )
        assert len(application.letter_snapshot["questions"]) == n
        counts.append(_count(client, application.get_absolute_url()))
    assert counts[0] == counts[1]


def test_the_privacy_centre_lists_each_application_and_withdraws_its_consent(
    client, member, other_member, posting, letter
):
    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True
    )
    client.force_login(member)

    centre = client.get("/privacy/me/").content.decode()
    section = centre[centre.index('id="companies-heading"') :]
    assert "라이프전자" in section and "2026 하반기 마케팅 신입" in section
    assert "자기소개서 (지원 시점의 사본), 이름, 희망 직무, 학력, 경력, 희망 산업" in section
    assert audit(centre) == []

    url = f"/privacy/me/consents/company_application/{application.pk}/withdraw/"
    page = client.post(url, follow=True).content.decode()

    assert "동의를 철회했어요" in page and "철회함" in page
    (row,) = ConsentRecord.objects.filter(purpose=Purpose.COMPANY_APPLICATION, granted=False)
    assert (row.grant_ref, row.channel) == (application.pk, ConsentChannel.PRIVACY_CENTRE)
    assert not services.application_copy_available(application)
    assert "동의를 철회하셨어요" in client.get(application.get_absolute_url()).content.decode()

    client.force_login(other_member)
    assert client.post(url).status_code == 404
    assert client.post("/privacy/me/consents/marketing/1/withdraw/").status_code == 404
