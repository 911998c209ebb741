"""Letter versions: named checkpoints, the 제출본 kept at each application and export, the
comparison of any two, and restoring a whole letter (undoably)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverletters import services as letter_services
from coverletters.models import AnswerVersion, Question, VersionReason
from coverletters.versions.models import LetterVersion, LetterVersionKind
from coverletters.versions.services import (
    default_checkpoint_label,
    letter_checkpoint_create,
    letter_submitted_copy,
)
from tests.coverletters.conftest import make_letter


def write(question, text):
    question.refresh_from_db()
    letter_services.answer_save(question=question, text=text, base_revision=question.revision)


def test_submitted_copy_keeps_title_and_each_question_sealed(letter):
    first, second = letter.questions.all()
    write(first, "라이프전자에 지원한 이유입니다.")

    pk = letter_submitted_copy(letter, reason="application", label="라이프전자 지원 제출본")

    version = LetterVersion.objects.select_related("letter__member").get(pk=pk)
    assert version.kind == LetterVersionKind.SUBMITTED_APPLICATION
    assert version.kind_label == "제출본(라이프전자 지원)"
    assert version.label == "라이프전자 지원 제출본"
    assert version.snapshot["title"] == letter.title
    assert version.snapshot["questions"] == [
        {
            "id": first.pk,
            "prompt": first.prompt,
            "limit": 500,
            "unit": "with_spaces",
            "answer": "라이프전자에 지원한 이유입니다.",
        },
        {
            "id": second.pk,
            "prompt": second.prompt,
            "limit": 500,
            "unit": "with_spaces",
            "answer": "",
        },
    ]
    # Sealed like the letter: the answer is not in the table in clear.
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot, label FROM coverletters_letterversion WHERE id = %s", [pk])
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "지원한 이유" not in raw and "제출본" not in raw


def test_each_application_keeps_its_copy_but_a_repeated_export_keeps_one(letter):
    a = letter_submitted_copy(letter, reason="application", label="지원 1")
    b = letter_submitted_copy(letter, reason="application", label="지원 2")
    c = letter_submitted_copy(letter, reason="export", label="내보냄")
    d = letter_submitted_copy(letter, reason="export", label="내보냄")
    write(letter.questions.first(), "고친 글")
    e = letter_submitted_copy(letter, reason="export", label="내보냄")

    assert len({a, b, c, e}) == 4 and c == d
    assert LetterVersion.objects.filter(letter=letter).count() == 4


def test_an_unknown_reason_is_refused(letter):
    with pytest.raises(KeyError):
        letter_submitted_copy(letter, reason="apply", label="x")


def test_docx_and_print_keep_an_export_copy(client, member, letter):
    client.force_login(member)
    assert client.get(f"/coverletters/{letter.pk}/download.docx").status_code == 200
    version = LetterVersion.objects.get(letter=letter)
    assert version.kind == LetterVersionKind.SUBMITTED_EXPORT

    write(letter.questions.first(), "인쇄 전에 고쳤어요.")
    assert client.get(f"/coverletters/{letter.pk}/print/").status_code == 200
    assert LetterVersion.objects.filter(letter=letter).count() == 2


def test_member_saves_a_named_checkpoint_and_sees_it_listed_in_korean(client, member, letter):
    client.force_login(member)
    letter_submitted_copy(letter, reason="application", label="라이프전자 지원 제출본")
    letter_submitted_copy(letter, reason="export", label="Word(.docx)로 내보낸 제출본")

    response = client.post(f"/coverletters/{letter.pk}/versions/save/", {"label": "  1차  완성 "})
    assert response.status_code == 302
    client.post(f"/coverletters/{letter.pk}/versions/save/", {"label": ""})

    page = client.get(f"/coverletters/{letter.pk}/versions/").content.decode()
    assert "1차 완성" in page
    assert "체크포인트" in page
    assert "제출본(라이프전자 지원)" in page
    assert "내보내기 제출본" in page
    assert "문항별 자동 저장" in page
    assert "번째" not in page  # no internal counter on screen
    labels = sorted(
        v.label
        for v in LetterVersion.objects.select_related("letter__member").filter(
            kind=LetterVersionKind.CHECKPOINT
        )
    )
    assert "1차 완성" in labels
    named_by_time = [label for label in labels if label != "1차 완성"]
    assert len(named_by_time) == 1 and named_by_time[0].endswith(" 저장")


def test_default_checkpoint_label_reads_like_a_korean_clock():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 2, 15, 10, tzinfo=ZoneInfo("Asia/Seoul"))
    assert default_checkpoint_label(moment) == "12월 2일 오후 3:10 저장"
    morning = datetime(2026, 12, 2, 0, 5, tzinfo=ZoneInfo("Asia/Seoul"))
    assert default_checkpoint_label(morning) == "12월 2일 오전 12:05 저장"


def test_a_too_long_name_is_refused_with_a_message_and_nothing_saved(client, member, letter):
    client.force_login(member)
    response = client.post(
        f"/coverletters/{letter.pk}/versions/save/", {"label": "가" * 101}, follow=True
    )
    assert "100자까지" in response.content.decode()
    assert not LetterVersion.objects.exists()


def test_question_history_page_shows_no_internal_counter(client, member, question):
    for i in range(5):
        write(question, f"답변 {i}")
    client.force_login(member)

    page = client.get(f"/coverletters/questions/{question.pk}/versions/").content.decode()

    assert "번째" not in page
    assert "자동 저장" in page


def test_compare_shows_the_changed_word_between_a_version_and_the_current_text(
    client, member, letter
):
    first = letter.questions.first()
    write(first, "저는 물류 인턴에서 재고 관리를 자동화했습니다. 그 결과 비용을 줄였습니다.")
    pk = letter_submitted_copy(letter, reason="application", label="라이프전자 지원 제출본")
    write(first, "저는 물류 인턴에서 재고 관리를 개선했습니다. 그 결과 비용을 줄였습니다.")
    client.force_login(member)

    page = client.get(
        f"/coverletters/{letter.pk}/versions/compare/?from={pk}&to=current"
    ).content.decode()

    assert '<del><span class="sr-only">[지운 부분] </span>자동화했습니다.</del>' in page
    assert '<ins><span class="sr-only">[더한 부분] </span>개선했습니다.</ins>' in page
    assert page.count("<del>") == 2  # the change, and the legend
    assert "바뀐 곳 없음" in page  # the second question did not change


def test_compare_between_two_versions_and_by_default_latest_against_now(client, member, letter):
    first = letter.questions.first()
    write(first, "하나.")
    one = letter_checkpoint_create(letter=letter, label="하나").pk
    write(first, "하나. 둘.")
    two = letter_checkpoint_create(letter=letter, label="둘").pk
    client.force_login(member)

    page = client.get(f"/coverletters/{letter.pk}/versions/compare/?from={one}&to={two}")
    assert '<ins><span class="sr-only">[더한 부분] </span>둘.</ins>' in page.content.decode()
    default = client.get(f"/coverletters/{letter.pk}/versions/compare/").content.decode()
    assert "두 글이 같아요" in default


def test_hostile_text_in_an_answer_is_shown_as_text(client, member, letter):
    first = letter.questions.first()
    write(first, "평범한 답변이에요.")
    pk = letter_checkpoint_create(letter=letter, label="<b>이름</b>").pk
    write(first, '평범한 답변이에요. <script>alert("x")</script>')
    client.force_login(member)

    compare = client.get(f"/coverletters/{letter.pk}/versions/compare/?from={pk}").content.decode()
    listing = client.get(f"/coverletters/{letter.pk}/versions/").content.decode()

    assert "<script>alert" not in compare
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in compare
    assert "<b>이름</b>" not in listing and "&lt;b&gt;이름&lt;/b&gt;" in listing


def test_restore_brings_every_answer_back_and_can_itself_be_undone(client, member, letter):
    first, second = letter.questions.all()
    write(first, "예전 첫 답변")
    write(second, "예전 둘째 답변")
    old = letter_checkpoint_create(letter=letter, label="예전")
    write(first, "새 첫 답변")
    write(second, "")
    client.force_login(member)

    response = client.post(f"/coverletters/{letter.pk}/versions/{old.pk}/restore/", follow=True)

    assert "답변 2개를 이 버전으로 되돌렸어요" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answer, second.answer) == ("예전 첫 답변", "예전 둘째 답변")
    # The text replaced is kept per question (as a restore of one question keeps it) …
    assert AnswerVersion.objects.get(question=first, reason=VersionReason.BEFORE_RESTORE).text == (
        "새 첫 답변"
    )
    # … and the whole letter as it was, which restores back.
    before = LetterVersion.objects.get(letter=letter, kind=LetterVersionKind.BEFORE_RESTORE)
    client.post(f"/coverletters/{letter.pk}/versions/{before.pk}/restore/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answer, second.answer) == ("새 첫 답변", "")


def test_restore_bumps_the_revision_so_an_open_tab_gets_a_conflict(member, letter):
    first = letter.questions.first()
    write(first, "예전")
    old = letter_checkpoint_create(letter=letter, label="예전")
    write(first, "지금")
    first.refresh_from_db()
    stale = first.revision
    from coverletters.versions.services import letter_version_restore

    old.letter = letter
    letter_version_restore(letter=letter, version=old)

    result = letter_services.answer_save(question=first, text="낡은 탭의 글", base_revision=stale)
    assert not result.saved and result.answer == "예전"


def test_restore_skips_questions_deleted_since_and_says_so(client, member, letter):
    _first, second = letter.questions.all()
    write(second, "지울 문항의 답")
    old = letter_checkpoint_create(letter=letter, label="예전")
    Question.objects.filter(pk=second.pk).delete()
    client.force_login(member)

    response = client.post(f"/coverletters/{letter.pk}/versions/{old.pk}/restore/", follow=True)

    assert "지운 문항 1개는 되돌리지 않았어요" in response.content.decode()


@pytest.mark.parametrize("view", ["list", "compare"])
def test_version_pages_run_the_same_queries_for_1_and_50_versions(
    client, member, django_assert_num_queries, view
):
    letter = make_letter(member, company="라이프전자", questions=3)
    letter_checkpoint_create(letter=letter, label="처음")
    url = (
        f"/coverletters/{letter.pk}/versions/"
        if view == "list"
        else f"/coverletters/{letter.pk}/versions/compare/"
    )
    client.force_login(member)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(49):
        letter_submitted_copy(letter, reason="application", label=f"지원 {i}")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("지원 48") >= 1


def test_withdrawal_destroys_the_letter_versions(member, letter):
    """회원 탈퇴 시 즉시 파기: a 제출본 is the member's cover letter like the letter itself."""
    from privacy.withdrawal.runner import member_withdraw

    letter_submitted_copy(letter, reason="application", label="지원")
    letter_checkpoint_create(letter=letter, label="체크")

    member_withdraw(member=member)

    assert not LetterVersion.objects.exists()


def test_restoring_a_version_equal_to_now_changes_and_keeps_nothing(client, member, letter):
    write(letter.questions.first(), "그대로인 글")
    same = letter_checkpoint_create(letter=letter, label="같음")
    client.force_login(member)

    response = client.post(f"/coverletters/{letter.pk}/versions/{same.pk}/restore/", follow=True)

    assert "바꾼 답변이 없어요" in response.content.decode()
    assert LetterVersion.objects.filter(letter=letter).count() == 1
