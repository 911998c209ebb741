"""The check where the member meets it: the editor's endpoint, the copy for another company,
the confirmation before an export, and the print view's counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from coverletters.checks import letter_findings
from coverletters.models import CoverLetter, LimitUnit, Question
from tests.coverletters.conftest import make_letter

pytestmark = pytest.mark.django_db


def add_question(letter, answer="", *, limit=None, unit="with_spaces", prompt="지원 동기는?"):
    return Question.objects.create(
        cover_letter=letter,
        position=letter.questions.count() + 1,
        prompt=prompt,
        answer=answer,
        limit=limit,
        limit_unit=unit,
    )


@pytest.fixture
def hanbit(member):
    letter = make_letter(member, title="2026 하반기 한빛은행 디지털 신입", company="한빛은행")
    add_question(
        letter, "한빛은행의 디지털 전환에 기여하고 싶어요.", prompt="한빛은행 지원 동기는?"
    )
    add_question(letter, "가" * 375, limit=1000, unit=LimitUnit.UTF8_BYTES)
    return letter


# --- The editor's endpoint ------------------------------------------------------------------


def test_check_lists_the_findings_as_json(client, member, hanbit):
    other = make_letter(member, title="푸른증권 공채", company="푸른증권")
    question = add_question(other, "한빛은행에서 배운 협업으로 푸른증권에 기여할게요.")
    client.force_login(member)

    body = client.get(f"/coverletters/{other.pk}/check/").json()

    assert body["count"] == 1
    [finding] = body["findings"]
    assert finding["kind"] == "other_company" and finding["question_id"] == question.pk
    assert finding["number"] == 1 and finding["spans"] == [[0, 4]]


def test_check_of_the_text_in_the_editor_stores_nothing(client, member, hanbit):
    other = make_letter(member, title="푸른증권 공채", company="푸른증권")
    question = add_question(other, "저장된 답변이에요.")
    client.force_login(member)

    body = client.post(
        f"/coverletters/{other.pk}/check/",
        {f"answer-{question.pk}": "방금 쓴 글: 한빛은행의 고객이었어요."},
    ).json()

    assert [f["excerpt"] for f in body["findings"]] == ["한빛은행"]
    question.refresh_from_db()
    assert question.answer == "저장된 답변이에요." and question.revision == 0


def test_checking_in_a_loop_is_refused_in_korean_and_the_letter_is_untouched(
    client, member, hanbit
):
    from django.core.cache import cache

    from coverletters.views import CHECKS_PER_MINUTE

    cache.delete(f"throttle:letter-check:{member.pk}")
    client.force_login(member)
    url = f"/coverletters/{hanbit.pk}/check/"
    for _ in range(CHECKS_PER_MINUTE):
        assert client.get(url).status_code == 200
    refused = client.post(url, {f"answer-{hanbit.questions.first().pk}": "새 답변"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert refused.json() == {"error": "검사를 너무 자주 했어요. 1분 뒤에 다시 확인해 주세요."}
    assert hanbit.questions.first().answer == "한빛은행의 디지털 전환에 기여하고 싶어요."


def test_check_needs_a_signed_in_member(client, hanbit):
    url = f"/coverletters/{hanbit.pk}/check/"

    page = client.get(url)
    script = client.get(url, HTTP_ACCEPT="application/json")

    assert (
        page.status_code == 302 and f"next=/coverletters/{hanbit.pk}/check/" in (page["Location"])
    )
    assert script.status_code == 401


def test_another_member_gets_404_and_learns_nothing(client, other_member, hanbit):
    client.force_login(other_member)

    assert client.get(f"/coverletters/{hanbit.pk}/check/").status_code == 404
    assert client.post(f"/coverletters/{hanbit.pk}/check/", {}).status_code == 404
    assert client.get(f"/coverletters/{hanbit.pk}/export/?to=docx").status_code == 404
    assert client.get(f"/coverletters/{hanbit.pk}/duplicate/").status_code == 404
    assert client.post(f"/coverletters/{hanbit.pk}/duplicate/", {"company": "x"}).status_code == 404


def test_another_members_letter_as_the_source_is_ignored(client, member, other_member):
    theirs = make_letter(other_member, title="남의 비밀 자기소개서 제목", company="비밀상사")
    mine = make_letter(member, title="푸른증권 공채", company="푸른증권")
    add_question(mine, "비밀상사에 관한 글이고 남의 비밀 자기소개서 제목도 있어요.")
    client.force_login(member)

    body = client.get(f"/coverletters/{mine.pk}/check/?from={theirs.pk}").json()

    assert body["findings"] == []


# --- Query counts -------------------------------------------------------------------------


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def letter_with(member, n: int) -> CoverLetter:
    letter = make_letter(member, title=f"푸른증권 공채 {n}", company="푸른증권")
    for i in range(n):
        add_question(letter, f"{i}번째 답변: 한빛은행의 OOO 팀에서 일했어요.", limit=10)
    return letter


def test_the_check_costs_the_same_queries_for_1_and_50_questions(client, member, hanbit):
    one, fifty = letter_with(member, 1), letter_with(member, 50)
    letter_findings(one)  # the partner names are cached from here on

    def fresh(letter):
        return CoverLetter.objects.get(pk=letter.pk)

    assert queries(lambda: letter_findings(fresh(one))) == queries(
        lambda: letter_findings(fresh(fifty))
    )
    assert len(letter_findings(fresh(fifty))) == 150  # name, over limit, placeholder each

    client.force_login(member)
    on_one = queries(lambda: client.get(f"/coverletters/{one.pk}/check/"))
    on_fifty = queries(lambda: client.get(f"/coverletters/{fifty.pk}/check/"))
    assert on_one == on_fifty


# --- The copy for another company -----------------------------------------------------------


def test_the_copy_asks_the_new_company_first(client, member, hanbit):
    client.force_login(member)

    page = client.get(f"/coverletters/{hanbit.pk}/duplicate/").content.decode()
    # The editor's old one-click button posts only its token: it asks too, copies nothing.
    old_button = client.post(f"/coverletters/{hanbit.pk}/duplicate/")

    assert "어느 회사에 보낼지" in page and 'name="company"' in page
    assert old_button.status_code == 200
    assert CoverLetter.objects.filter(member=member).count() == 1


def test_the_copy_needs_a_company_and_keeps_what_was_typed(client, member, hanbit):
    client.force_login(member)

    response = client.post(
        f"/coverletters/{hanbit.pk}/duplicate/",
        {"company": "", "title": "새 제목이에요", "job_title": "기획"},
    )

    page = response.content.decode()
    assert response.status_code == 200 and "회사명" in page and "새 제목이에요" in page
    assert CoverLetter.objects.filter(member=member).count() == 1


def test_the_copys_title_may_not_keep_the_old_company(client, member, hanbit):
    client.force_login(member)

    response = client.post(
        f"/coverletters/{hanbit.pk}/duplicate/",
        {"company": "푸른증권", "title": hanbit.title, "job_title": "기획"},
    )

    assert "제목에 예전 회사 이름(한빛은행)이 남아 있어요" in response.content.decode()
    assert CoverLetter.objects.filter(member=member).count() == 1


def test_the_copy_opens_in_the_editor_with_the_old_company_flagged(client, member, hanbit):
    client.force_login(member)

    response = client.post(
        f"/coverletters/{hanbit.pk}/duplicate/",
        {
            "company": "푸른증권",
            "title": "2026 하반기 푸른증권 MTS 기획 신입",
            "job_title": "MTS 기획",
            "deadline": "2026-12-20",
            "deadline_time": "18:00",
        },
        follow=True,
    )

    copy = CoverLetter.objects.exclude(pk=hanbit.pk).get()
    assert (copy.company, copy.title, copy.job_title) == (
        "푸른증권",
        "2026 하반기 푸른증권 MTS 기획 신입",
        "MTS 기획",
    )
    assert str(copy.deadline) == "2026-12-20" and copy.deadline_time.hour == 18
    assert (
        response.redirect_chain[-1][0] == f"/coverletters/{copy.pk}/?from={hanbit.pk}#letter-check"
    )
    page = response.content.decode()
    assert "고칠 곳 3군데" in page  # the name in the answer, in the prompt, and over the limit
    assert "data-letter-check" in page and "letter-check.js" in page

    findings = client.get(f"/coverletters/{copy.pk}/check/?from={hanbit.pk}").json()["findings"]
    assert {(f["kind"], f["where"], f["number"]) for f in findings} == {
        ("other_company", "answer", 1),
        ("other_company", "prompt", 1),
        ("over_limit", "answer", 2),
    }


def test_the_old_company_is_flagged_even_after_the_original_is_deleted(client, member, hanbit):
    """The copy flow names the source explicitly, not only through the member's other letters."""
    copy = make_letter(member, title="푸른증권 공채", company="푸른증권")
    add_question(copy, "한빛은행에서 일하고 싶어요.")

    assert letter_findings(copy, old_companies=["한빛은행"], old_titles=[hanbit.title])
    hanbit.delete()
    assert letter_findings(copy) == []
    assert letter_findings(copy, old_companies=["한빛은행"])


def test_a_copied_answer_shows_as_saved_not_as_empty(client, member, hanbit):
    """The copy's questions start at revision 0; what the editor says comes from the text."""
    client.force_login(member)
    client.post(
        f"/coverletters/{hanbit.pk}/duplicate/",
        {"company": "푸른증권", "title": "푸른증권 공채", "job_title": "기획"},
    )
    copy = CoverLetter.objects.exclude(pk=hanbit.pk).get()
    add_question(copy, "")  # a really empty one still says so

    page = client.get(f"/coverletters/{copy.pk}/").content.decode()

    assert page.count("저장됨") == 2
    assert page.count("아직 쓴 내용이 없어요") == 1


# --- Before an export -----------------------------------------------------------------------


def test_export_shows_the_findings_first_with_links_back(client, member, hanbit):
    other = make_letter(member, title="푸른증권 공채", company="푸른증권")
    question = add_question(other, "한빛은행의 고객이었어요.")
    client.force_login(member)

    page = client.get(f"/coverletters/{other.pk}/export/?to=docx").content.decode()

    assert "내려받기 전에 확인해 주세요" in page
    assert "다른 회사 이름이 들어 있어요: 한빛은행" in page
    assert f'href="/coverletters/{other.pk}/#q-{question.pk}"' in page
    assert f'href="/coverletters/{other.pk}/download.docx">그래도 내려받기' in page


def test_export_for_print_offers_the_print_view(client, member, hanbit):
    client.force_login(member)

    page = client.get(f"/coverletters/{hanbit.pk}/export/?to=print").content.decode()

    assert "125바이트 넘었어요" in page
    assert f'href="/coverletters/{hanbit.pk}/print/">그래도 인쇄용 보기' in page


def test_export_with_nothing_to_fix_goes_straight_on(client, member):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    add_question(letter, "한빛은행의 디지털 전환에 기여하고 싶어요.")
    client.force_login(member)

    docx = client.get(f"/coverletters/{letter.pk}/export/?to=docx")
    printed = client.get(f"/coverletters/{letter.pk}/export/?to=print")
    odd = client.get(f"/coverletters/{letter.pk}/export/?to=../../admin")

    assert docx["Location"] == f"/coverletters/{letter.pk}/download.docx"
    assert printed["Location"] == f"/coverletters/{letter.pk}/print/"
    assert odd["Location"] == f"/coverletters/{letter.pk}/download.docx"
    download = client.get(docx["Location"])
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert "한빛은행의 디지털 전환" in text


def test_the_editor_links_exports_through_the_check(client, member, hanbit):
    client.force_login(member)

    page = client.get(f"/coverletters/{hanbit.pk}/").content.decode()

    assert f"/coverletters/{hanbit.pk}/export/?to=docx" in page
    assert f"/coverletters/{hanbit.pk}/export/?to=print" in page
    assert f'href="/coverletters/{hanbit.pk}/duplicate/"' in page


# --- The print view -----------------------------------------------------------------------


def test_print_counts_on_each_questions_own_basis_and_marks_over_limit(client, member):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    add_question(letter, "가" * 375, limit=1000, unit=LimitUnit.UTF8_BYTES)
    add_question(letter, "가 나" * 100, limit=300, unit=LimitUnit.WITHOUT_SPACES)
    add_question(letter, "가" * 510, limit=1000, unit=LimitUnit.KOREAN_BYTES)
    client.force_login(member)

    page = client.get(f"/coverletters/{letter.pk}/print/").content.decode()

    assert '1,125바이트 / 제한 1,000바이트 · <strong class="over">125바이트 초과했어요' in page
    assert "공백 제외 200자 / 제한 300자</p>" in page
    assert "한글 2바이트 기준 1,020바이트 / 제한 1,000바이트" in page
    assert page.count('class="print-over"') == 2
    assert "제한을 넘은 답변이 2개 있어요" in page


def test_the_new_pages_are_well_formed(client, member, hanbit):
    from tests.core.test_html import audit

    other = make_letter(member, title="푸른증권 공채", company="푸른증권")
    add_question(other, "한빛은행의 고객이었어요.")
    client.force_login(member)

    for url in (
        f"/coverletters/{hanbit.pk}/duplicate/",
        f"/coverletters/{other.pk}/export/?to=docx",
        f"/coverletters/{other.pk}/",
        f"/coverletters/{hanbit.pk}/print/",
    ):
        assert audit(client.get(url).content.decode()) == [], url
