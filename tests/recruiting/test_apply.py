"""Applying: the snapshot is what was sent, and a closed posting or a second try is refused."""

import datetime

import pytest
from django.utils import timezone

from coverletters.models import CoverLetter
from profiles.models import Profile
from recruiting.models import Application, ApplicationStatus, PostingStatus
from recruiting.services import RecruitingError, application_submit, application_withdraw
from tests.coverletters.conftest import make_letter
from tests.recruiting.conftest import make_posting, ready_member


def test_application_keeps_what_was_sent_after_the_letter_is_edited(client, member, application):
    letter = CoverLetter.objects.get(member=member)
    letter.title = "고친 제목"
    letter.save()
    question = letter.questions.first()
    question.prompt = "고친 문항"
    question.answer = "나중에 고친 답변"
    question.save()
    profile = Profile.objects.get(member=member)
    profile.desired_job = "영업"
    profile.save()

    application.refresh_from_db()
    client.force_login(member)
    page = client.get(f"/recruiting/applications/{application.pk}/").content.decode()

    assert application.letter_snapshot["title"] == "라이프전자 자소서"
    assert "라이프전자 자소서" in page and "처음 쓴 답변 1" in page and "처음 쓴 답변 2" in page
    assert "문항 1: 지원 동기를 쓰세요." in page
    assert "한국대학교" in page and "라이프컴퍼니" in page and "마케팅" in page
    assert "고친 제목" not in page and "나중에 고친 답변" not in page and "영업" not in page


def test_application_survives_deleting_the_cover_letter(client, member, application):
    CoverLetter.objects.filter(member=member).delete()

    client.force_login(member)
    page = client.get(f"/recruiting/applications/{application.pk}/").content.decode()

    assert "처음 쓴 답변 1" in page


def test_snapshot_holds_the_default_profile_items(application):
    profile = application.profile_snapshot
    assert set(profile) == {"name", "desired_job", "educations", "careers", "desired_industry"}
    assert profile["educations"][0]["school"] == "한국대학교"
    assert profile["careers"][0]["company"] == "라이프컴퍼니"
    assert [q["answer"] for q in application.letter_snapshot["questions"]] == [
        "처음 쓴 답변 1",
        "처음 쓴 답변 2",
    ]


def test_closed_posting_is_refused(member, letter):
    posting = make_posting(status=PostingStatus.CLOSED)
    with pytest.raises(RecruitingError, match="마감된 공고"):
        application_submit(member=member, posting=posting, cover_letter=letter, consented=True)
    assert not Application.objects.exists()


def test_posting_past_its_deadline_is_refused(member, letter):
    posting = make_posting(deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(RecruitingError, match="마감된 공고"):
        application_submit(member=member, posting=posting, cover_letter=letter, consented=True)


def test_posting_is_open_through_its_deadline_day(member, letter):
    posting = make_posting(deadline=timezone.localdate())
    assert application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True
    ).pk


def test_second_application_to_the_same_posting_is_refused(member, posting, letter, application):
    other_letter = make_letter(member, title="다른 자소서")
    with pytest.raises(RecruitingError, match="이미 지원한"):
        application_submit(
            member=member, posting=posting, cover_letter=other_letter, consented=True
        )
    assert Application.objects.count() == 1


def test_another_members_letter_cannot_be_sent(member, other_member, posting, letter):
    from tests.profiles.factories import make_profile

    make_profile(other_member)
    with pytest.raises(RecruitingError):
        application_submit(
            member=other_member, posting=posting, cover_letter=letter, consented=True
        )


def test_applying_needs_a_profile(member, posting):
    letter = make_letter(member)
    with pytest.raises(RecruitingError, match="프로필"):
        application_submit(member=member, posting=posting, cover_letter=letter, consented=True)


def test_confirm_page_shows_what_will_be_sent_and_sends_nothing(client, member, posting, letter):
    client.force_login(member)
    response = client.get(f"/recruiting/postings/{posting.pk}/apply/", {"cover_letter": letter.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert "라이프전자 자소서" in page and "처음 쓴 답변 2" in page and "한국대학교" in page
    assert not Application.objects.exists()


def test_member_applies_through_the_pages(client, member, posting, letter):
    client.force_login(member)
    detail = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert "라이프전자 자소서" in detail  # one of the choices

    response = client.post(
        f"/recruiting/postings/{posting.pk}/apply/",
        {
            "cover_letter": letter.pk,
            "shown": "name,desired_job,educations,careers,desired_industry",
            "items": ["educations", "careers", "desired_industry"],
            "consent": "on",
        },
    )

    application = Application.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == f"/recruiting/applications/{application.pk}/"
    assert application.status == ApplicationStatus.SUBMITTED


def test_refusal_is_shown_in_korean_on_the_posting(client, member, letter):
    posting = make_posting(status=PostingStatus.CLOSED)
    client.force_login(member)

    response = client.post(
        f"/recruiting/postings/{posting.pk}/apply/", {"cover_letter": letter.pk}, follow=True
    )

    assert "마감된 공고라 지원할 수 없어요." in response.content.decode()
    assert not Application.objects.exists()


def test_posting_page_offers_only_the_members_own_letters(client, member, other_member, posting):
    make_letter(member, title="내 자소서")
    make_letter(other_member, title="남의 자소서")
    client.force_login(member)

    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()

    assert "내 자소서" in page and "남의 자소서" not in page


def test_withdraw_then_not_again(client, member, application):
    client.force_login(member)
    client.post(f"/recruiting/applications/{application.pk}/withdraw/")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(RecruitingError):
        application_withdraw(application=application)


def test_decided_application_cannot_be_withdrawn(application):
    application.status = ApplicationStatus.HIRED
    application.save()
    with pytest.raises(RecruitingError):
        application_withdraw(application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED


def test_applying_is_held_while_a_correction_request_is_open_and_returns_after(member):
    from privacy.rights import steps
    from privacy.rights.models import RightsKind
    from tests.privacy.rights_support import in_progress

    letter = ready_member(member)
    posting = make_posting()
    request = in_progress(member, RightsKind.CORRECTION)

    with pytest.raises(RecruitingError, match="지금은 회사에 지원서를 보낼 수 없어요"):
        application_submit(member=member, posting=posting, cover_letter=letter, consented=True)
    assert not Application.objects.exists()

    steps.rights_request_complete(request=request, actor=None, result="정정했어요")
    application_submit(member=member, posting=posting, cover_letter=letter, consented=True)
    assert Application.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_autosave_during_submission_waits_so_the_company_copy_and_the_제출본_agree(
    monkeypatch, posting
):
    """Another tab autosaves while the application is being written: the autosave waits for
    the submission, so the company's copy and the 제출본 hold the same answer, and the new
    text is saved right after."""
    import threading

    from django.db import connection

    from coverletters.services import answer_save
    from coverletters.versions.models import LetterVersion
    from recruiting import services
    from tests.conftest import make_member

    member = make_member()
    letter = ready_member(member)
    question = letter.questions.order_by("position").first()
    saved = threading.Event()

    def autosave_in_another_tab():
        try:
            theirs = (
                type(question).objects.select_related("cover_letter__member").get(pk=question.pk)
            )
            answer_save(
                question=theirs, text="다른 탭에서 고친 답변", base_revision=theirs.revision
            )
            saved.set()
        finally:
            connection.close()

    racer = threading.Thread(target=autosave_in_another_tab)
    real_copy = services.letter_submitted_copy

    def copy_after_an_autosave_tried(*args, **kwargs):
        # Between the company's copy and the 제출본: the other tab saves now.
        racer.start()
        assert not saved.wait(0.5), "the autosave must wait for the submission"
        return real_copy(*args, **kwargs)

    monkeypatch.setattr(services, "letter_submitted_copy", copy_after_an_autosave_tried)
    application = application_submit(
        member=member, posting=posting, cover_letter=letter, consented=True
    )
    racer.join(10)

    version = LetterVersion.objects.get(pk=application.letter_version_ref)
    sent = application.letter_snapshot["questions"][0]["answer"]
    kept = version.snapshot["questions"][0]["answer"]
    assert sent == kept == "처음 쓴 답변 1"
    assert saved.is_set()
    question.refresh_from_db()
    assert question.answer == "다른 탭에서 고친 답변"
