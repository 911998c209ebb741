import io
from datetime import timedelta

from django.utils import timezone
from docx import Document

from coverletters.models import CoverLetter, Question
from experiences.models import Experience
from tests.core.test_html import audit
from tests.coverletters.conftest import make_letter


def test_create_needs_title_and_job_and_keeps_what_was_typed(client, member):
    client.force_login(member)

    response = client.post(
        "/coverletters/new/", {"company": "라이프전자", "duties": "<b>마케팅</b> 전략"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "자기소개서 제목을 입력해 주세요." in page
    assert "지원 직무를 입력해 주세요." in page
    assert 'value="라이프전자"' in page and "&lt;b&gt;마케팅&lt;/b&gt; 전략" in page
    assert CoverLetter.objects.count() == 0
    assert audit(page) == []


def test_create_then_add_questions(client, member):
    client.force_login(member)

    response = client.post(
        "/coverletters/new/",
        {
            "title": "OO전자 공채",
            "job_title": "상품기획",
            "company": "OO전자",
            "deadline": "2026-12-05",
        },
    )
    letter = CoverLetter.objects.get()
    assert response["Location"] == f"/coverletters/{letter.pk}/"
    client.post(
        f"/coverletters/{letter.pk}/questions/new/",
        {"prompt": "지원 동기", "limit": "700", "limit_unit": "with_spaces"},
    )
    client.post(
        f"/coverletters/{letter.pk}/questions/new/",
        {"prompt": "입사 후 포부", "limit": "", "limit_unit": "korean_bytes"},
    )

    assert [(q.prompt, q.limit, q.position) for q in letter.questions.all()] == [
        ("지원 동기", 700, 1),
        ("입사 후 포부", None, 2),
    ]
    assert audit(client.get(f"/coverletters/{letter.pk}/").content.decode()) == []


def test_question_needs_a_prompt_and_a_sensible_limit(client, member, letter):
    client.force_login(member)

    response = client.post(
        f"/coverletters/{letter.pk}/questions/new/",
        {"prompt": "", "limit": "0", "limit_unit": "with_spaces"},
    )

    page = response.content.decode()
    assert "문항을 입력해 주세요." in page
    assert "1 이상으로 입력해 주세요." in page
    assert letter.questions.count() == 2


def test_over_long_posting_text_gets_a_message_naming_the_field(client, member):
    client.force_login(member)

    response = client.post(
        "/coverletters/new/", {"title": "제목", "job_title": "직무", "requirements": "가" * 3001}
    )

    assert "필수 자격은 3000자까지 쓸 수 있어요 (지금 3001자)." in response.content.decode()


def test_list_shows_dday_and_sorts_by_deadline(client, member):
    today = timezone.localdate()
    make_letter(member, title="마감 지남", deadline=today - timedelta(days=1))
    make_letter(member, title="마감일 없음")
    make_letter(member, title="일주일 뒤", deadline=today + timedelta(days=7))
    make_letter(member, title="오늘 마감", deadline=today)
    client.force_login(member)

    page = client.get("/coverletters/").content.decode()

    order = [page.index(t) for t in ("오늘 마감", "일주일 뒤", "마감일 없음", "마감 지남")]
    assert order == sorted(order)
    assert "D-Day" in page and "D-7" in page and ">마감<" in page
    assert audit(page) == []


def test_the_list_written_in_sql_says_what_the_orm_says(member, other_member):
    """coverletters.selectors.cover_letter_list reads in SQL (issue 16): the same letters, the
    same question counts, the same text as the ORM's reading, and none of another member's."""
    from django.db.models import Count

    from coverletters.selectors import cover_letter_list

    make_letter(member, title="세 문항", company="라이프전자", questions=3)
    make_letter(member, title="문항 없음", deadline=timezone.localdate())
    make_letter(other_member, title="남의 자소서", questions=2)
    orm = {
        letter.pk: (letter.title, letter.job_title, letter.company, letter.question_count)
        for letter in CoverLetter.objects.filter(member=member).annotate(
            question_count=Count("questions")
        )
    }

    rows = cover_letter_list(member)

    assert {
        row.letter.pk: (
            row.letter.title,
            row.letter.job_title,
            row.letter.company,
            row.question_count,
        )
        for row in rows
    } == orm
    assert {r.question_count for r in rows} == {3, 0}


def test_list_runs_the_same_queries_for_1_and_200_letters(
    client, member, django_assert_num_queries
):
    make_letter(member, questions=2)
    client.force_login(member)
    client.get("/coverletters/")  # warm the session

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/coverletters/")
    for _ in range(199):
        make_letter(member, questions=1)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/coverletters/").content.decode()
    assert page.count('class="item-link"') == 200


def test_editor_runs_the_same_queries_for_1_and_30_questions(
    client, member, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    letter = make_letter(member, questions=1)
    experience = Experience.objects.create(member=member, title="인턴", kind="intern")
    letter.questions.first().experiences.add(experience)
    client.force_login(member)
    client.get(f"/coverletters/{letter.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/coverletters/{letter.pk}/")
    for i in range(29):
        q = Question.objects.create(cover_letter=letter, position=i + 2, prompt=f"문항 {i}")
        q.experiences.add(experience)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(f"/coverletters/{letter.pk}/")


def test_duplicate_copies_questions_and_answers_for_another_company(client, member, letter):
    question = letter.questions.first()
    question.answer = "복사될 답변"
    question.save()
    experience = Experience.objects.create(member=member, title="공모전", kind="contest")
    question.experiences.add(experience)
    client.force_login(member)

    # The new company comes first (issue 14); the copy opens in the editor with the check.
    response = client.post(
        f"/coverletters/{letter.pk}/duplicate/",
        {"company": "푸른증권", "title": "2026 하반기 공채 (사본)", "job_title": "마케팅"},
    )

    copy = CoverLetter.objects.exclude(pk=letter.pk).get()
    assert response["Location"] == f"/coverletters/{copy.pk}/?from={letter.pk}#letter-check"
    assert copy.title == "2026 하반기 공채 (사본)" and copy.company == "푸른증권"
    assert copy.deadline is None and copy.requirements == ""
    copied = copy.questions.first()
    assert copied.answer == "복사될 답변" and copied.revision == 0
    assert list(copied.experiences.all()) == [experience]
    assert copy.questions.count() == 2


def test_docx_download_holds_the_korean_text(client, member, letter):
    question = letter.questions.first()
    question.answer = "저는 라이프멘토에서\n협업을 배웠습니다. 😀"
    question.save()
    client.force_login(member)

    response = client.get(f"/coverletters/{letter.pk}/download.docx")

    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''2026%20" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026 하반기 공채" in text
    assert "1. 문항 1: 지원 동기를 쓰세요." in text
    assert "저는 라이프멘토에서\n협업을 배웠습니다. 😀" in text
    assert "eastAsia" in document.paragraphs[0].runs[0]._element.xml


def test_print_page_shows_every_answer(client, member, letter):
    question = letter.questions.first()
    question.answer = "인쇄할 답변"
    question.save()
    client.force_login(member)

    page = client.get(f"/coverletters/{letter.pk}/print/").content.decode()

    assert "인쇄할 답변" in page and "2026 하반기 공채" in page
    assert audit(page) == []


def test_link_experiences_shows_them_beside_the_answer(client, member, letter):
    mine = Experience.objects.create(
        member=member, title="물류 인턴", kind="intern", star_action="재고 관리 자동화"
    )
    question = letter.questions.first()
    client.force_login(member)

    client.post(f"/coverletters/questions/{question.pk}/experiences/", {"experiences": [mine.pk]})

    assert list(question.experiences.all()) == [mine]
    page = client.get(f"/coverletters/{letter.pk}/").content.decode()
    assert "물류 인턴" in page and "재고 관리 자동화" in page


def test_another_members_experience_cannot_be_linked(client, member, other_member, letter):
    theirs = Experience.objects.create(member=other_member, title="남의 경험", kind="project")
    question = letter.questions.first()
    client.force_login(member)

    response = client.post(
        f"/coverletters/questions/{question.pk}/experiences/", {"experiences": [theirs.pk]}
    )

    assert response.status_code == 200
    assert "목록에 있는 항목을 골라 주세요." in response.content.decode()
    assert question.experiences.count() == 0


def test_move_question_up(client, member, letter):
    first, second = letter.questions.all()
    client.force_login(member)

    client.post(f"/coverletters/questions/{second.pk}/move/", {"dir": "up"})

    assert list(letter.questions.all()) == [second, first]


def test_delete_letter_after_confirmation(client, member, letter):
    client.force_login(member)

    assert (
        "이 자기소개서를 삭제할까요?"
        in client.get(f"/coverletters/{letter.pk}/delete/").content.decode()
    )
    client.post(f"/coverletters/{letter.pk}/delete/")

    assert not CoverLetter.objects.filter(pk=letter.pk).exists()
    assert Question.objects.count() == 0
