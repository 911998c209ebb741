"""The answer library: answers grouped by question type with where they were used, a type
the member corrects, and an answer reused as the start of another question."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverletters.library.kinds import QuestionKind
from coverletters.library.selectors import answer_library
from coverletters.models import AnswerVersion, Question, VersionReason
from coverletters.versions.services import letter_submitted_copy
from tests.coverletters.conftest import make_letter


def add_question(letter, prompt, answer="", **fields):
    position = letter.questions.count() + 1
    return Question.objects.create(
        cover_letter=letter, position=position, prompt=prompt, answer=answer, **fields
    )


@pytest.fixture
def letters(member):
    bank = make_letter(member, title="2026 한빛은행 공채", company="한빛은행")
    securities = make_letter(member, title="푸른증권 MTS 기획", company="푸른증권")
    add_question(bank, "한빛은행에 지원한 동기를 쓰세요.", "은행에 지원한 이유입니다.", limit=500)
    add_question(bank, "팀에서 갈등을 해결한 경험", "동아리에서 갈등을 풀었어요.")
    add_question(securities, "입사 후 포부를 쓰세요.", "", limit=700)
    add_question(securities, "지원 동기", "증권사에 지원한 이유예요.")
    return bank, securities


def test_answers_are_grouped_by_type_with_where_they_were_used(client, member, letters):
    bank, _ = letters
    letter_submitted_copy(bank, reason="application", label="한빛은행 지원 제출본")
    client.force_login(member)

    page = client.get("/coverletters/library/").content.decode()

    groups = answer_library(member)
    assert [g.label for g in groups] == ["지원동기", "협업/팀워크"]
    assert len(groups[0].entries) == 2
    assert "한빛은행" in page and "푸른증권" in page
    assert "14자 / 500자" in page  # "은행에 지원한 이유입니다." with spaces
    assert "지원" in page and "이 답변으로 시작하기" in page
    # An unanswered question is not in the library.
    assert "입사 후 포부를 쓰세요." not in page


def test_the_library_filters_by_type(client, member, letters):
    client.force_login(member)
    page = client.get("/coverletters/library/?kind=teamwork").content.decode()
    assert "동아리에서 갈등을 풀었어요." in page
    assert "은행에 지원한 이유입니다." not in page


def test_the_member_corrects_a_type_in_the_library_and_can_give_it_back(client, member, letters):
    bank, _ = letters
    question = bank.questions.get(position=2)
    client.force_login(member)

    client.post(f"/coverletters/questions/{question.pk}/kind/", {"kind": "failure"})
    question.refresh_from_db()
    assert (question.kind, question.kind_set_by_member) == ("failure", True)
    assert [g.label for g in answer_library(member)] == ["지원동기", "실패·극복 경험"]

    client.post(f"/coverletters/questions/{question.pk}/kind/", {"kind": ""})
    question.refresh_from_db()
    assert question.question_kind == QuestionKind.TEAMWORK and not question.kind_set_by_member


def test_a_type_outside_the_list_is_refused_with_a_message(client, member, letters):
    question = letters[0].questions.first()
    client.force_login(member)
    response = client.post(
        f"/coverletters/questions/{question.pk}/kind/", {"kind": "hacker"}, follow=True
    )
    assert "문항 유형을 목록에서 골라 주세요." in response.content.decode()
    question.refresh_from_db()
    assert not question.kind_set_by_member


def test_the_question_form_sets_the_type(client, member, letters):
    question = letters[1].questions.get(position=1)
    client.force_login(member)
    form = client.get(f"/coverletters/questions/{question.pk}/edit/").content.decode()
    assert "문항 유형" in form

    client.post(
        f"/coverletters/questions/{question.pk}/edit/",
        {
            "prompt": question.prompt,
            "limit": "700",
            "limit_unit": "with_spaces",
            "question_kind": "competency",
        },
    )
    question.refresh_from_db()
    assert question.kind == "competency" and question.kind_set_by_member


def test_reuse_into_an_empty_question_starts_it_from_the_answer(client, member, letters):
    bank, securities = letters
    source = bank.questions.get(position=1)
    target = securities.questions.get(position=1)
    client.force_login(member)

    chooser = client.get(f"/coverletters/library/answers/{source.pk}/reuse/").content.decode()
    assert "입사 후 포부를 쓰세요." in chooser
    response = client.post(
        f"/coverletters/library/answers/{source.pk}/reuse/", {"target": target.pk}
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.answer == "은행에 지원한 이유입니다." and target.revision == 1
    assert not AnswerVersion.objects.filter(question=target).exists()


def test_reuse_never_overwrites_an_answer_without_confirmation(client, member, letters):
    bank, securities = letters
    source = bank.questions.get(position=1)
    target = securities.questions.get(position=2)
    client.force_login(member)
    url = f"/coverletters/library/answers/{source.pk}/reuse/"

    asked = client.post(url, {"target": target.pk})
    assert asked.status_code == 200
    assert "이미 쓴 답변이 있어요" in asked.content.decode()
    target.refresh_from_db()
    assert target.answer == "증권사에 지원한 이유예요."

    done = client.post(url, {"target": target.pk, "confirm": "yes"}, follow=True)
    assert "원래 있던 답변은 버전 기록에 남겨 두었어요." in done.content.decode()
    target.refresh_from_db()
    assert target.answer == "은행에 지원한 이유입니다."
    kept = AnswerVersion.objects.get(question=target)
    assert (kept.text, kept.reason) == ("증권사에 지원한 이유예요.", VersionReason.BEFORE_REUSE)


def test_reuse_without_a_target_asks_for_one(client, member, letters):
    source = letters[0].questions.first()
    client.force_login(member)
    response = client.post(f"/coverletters/library/answers/{source.pk}/reuse/", {})
    assert response.status_code == 400
    assert "답변을 넣을 문항을 골라 주세요." in response.content.decode()


def test_reuse_into_another_members_question_is_not_possible(client, member, other_member, letters):
    source = letters[0].questions.first()
    theirs = add_question(make_letter(other_member), "지원 동기", "남의 답변")
    client.force_login(member)

    response = client.post(
        f"/coverletters/library/answers/{source.pk}/reuse/",
        {"target": theirs.pk, "confirm": "yes"},
    )

    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.answer == "남의 답변"


def test_library_pages_hide_other_members_rows(client, member, other_member, letters):
    question = letters[0].questions.first()
    client.force_login(other_member)
    assert "은행에 지원한 이유" not in client.get("/coverletters/library/").content.decode()
    for method, url in [
        ("get", f"/coverletters/library/answers/{question.pk}/reuse/"),
        ("post", f"/coverletters/library/answers/{question.pk}/reuse/"),
        ("post", f"/coverletters/questions/{question.pk}/kind/"),
    ]:
        assert getattr(client, method)(url, {"kind": "other"}).status_code == 404, url
    question.refresh_from_db()
    assert not question.kind_set_by_member


def test_an_anonymous_visitor_is_sent_to_sign_in(client, letters):
    question = letters[0].questions.first()
    for url in ("/coverletters/library/", f"/coverletters/library/answers/{question.pk}/reuse/"):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize("page", ["library", "reuse"])
def test_library_pages_run_the_same_queries_for_1_and_50_answers(
    client, member, django_assert_num_queries, page
):
    letter = make_letter(member, company="한빛은행")
    source = add_question(letter, "지원 동기", "첫 답변")
    letter_submitted_copy(letter, reason="application", label="지원")
    url = (
        "/coverletters/library/"
        if page == "library"
        else (f"/coverletters/library/answers/{source.pk}/reuse/")
    )
    client.force_login(member)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(49):
        other = make_letter(member, title=f"공채 {i}", company=f"회사 {i}")
        add_question(other, "입사 후 포부" if i % 2 else "협업 경험", f"답변 {i}")
        letter_submitted_copy(other, reason="export", label="내보냄")
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert "회사 48" in body or "공채 48" in body
