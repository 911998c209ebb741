"""The company-name guard and the pre-submit check on realistic letters: what would embarrass
the member in front of a company is found, with where it is; nothing else is."""

import pytest

from coverletters.checks import Finding, company_names_sources, letter_findings
from coverletters.models import CoverLetter, LimitUnit, Question
from tests.coverletters.conftest import make_letter

pytestmark = pytest.mark.django_db

HANBIT_ANSWER = (
    "저는 한빛은행의 디지털 전환 비전에 공감해 지원했습니다. 대학 시절 한빛은행에서 인턴으로 "
    "일하며 고객 응대를 배웠고, 입사 후에는 한빛은행이 추구하는 금융 혁신에 기여하고 싶습니다."
)


def add_question(
    letter, answer="", *, prompt="지원 동기를 쓰세요.", limit=None, unit="with_spaces"
):
    position = letter.questions.count() + 1
    return Question.objects.create(
        cover_letter=letter,
        position=position,
        prompt=prompt,
        answer=answer,
        limit=limit,
        limit_unit=unit,
    )


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


@pytest.fixture
def banks(member):
    """The member wrote to 한빛은행 before; now the same answers go to 푸른증권."""
    make_letter(member, title="2026 하반기 한빛은행 디지털 신입", company="한빛은행")
    return make_letter(member, title="2026 하반기 푸른증권 MTS 기획 신입", company="푸른증권")


def test_another_companys_name_with_particles_is_found_with_its_spans(banks):
    question = add_question(banks, HANBIT_ANSWER)

    findings = [f for f in letter_findings(banks) if f.kind == "other_company"]

    assert len(findings) == 1
    finding = findings[0]
    assert finding.question_id == question.pk and finding.where == "answer"
    assert finding.excerpt == "한빛은행"
    assert "다른 회사 이름" in finding.message and "한빛은행" in finding.message
    assert len(finding.spans) == 3  # 한빛은행의, 한빛은행에서, 한빛은행이
    for start, end in finding.spans:
        assert HANBIT_ANSWER[start:end] == "한빛은행"


@pytest.mark.parametrize(
    "sentence",
    [
        "한빛은행의 고객이 되고 싶어요.",
        "한빛은행에 입사해",
        "한빛은행에서 배운 점",
        "한빛은행은 제 꿈입니다.",
        "한빛은행는",
        "한빛은행이 하는 일",
        "한빛은행가 된다면",
        "한빛은행에서도 통할 역량",
        "한빛은행이라는 이름",
        "(주)한빛은행, 그리고",
        "한빛 은행을 보며",
    ],
)
def test_particles_after_the_name_still_match(banks, sentence):
    add_question(banks, sentence)
    assert "other_company" in kinds(letter_findings(banks))


def test_the_letters_own_company_never_flags(member):
    make_letter(member, title="한빛은행 공채", company="한빛은행")
    letter = make_letter(member, title="한빛은행 공채 두 번째", company="한빛은행")
    add_question(letter, HANBIT_ANSWER)

    assert "other_company" not in kinds(letter_findings(letter))


def test_the_company_it_goes_to_decides_what_is_other(banks):
    """The apply page passes the posting's company: sent to 한빛은행, 한빛은행 is not another
    company, and the letter's own 푸른증권 now is."""
    add_question(banks, "푸른증권의 MTS를 매일 씁니다. " + HANBIT_ANSWER)

    to_hanbit = letter_findings(banks, company="한빛은행")

    named = {(f.where, f.excerpt) for f in to_hanbit if f.kind == "other_company"}
    assert named == {("title", "푸른증권"), ("answer", "푸른증권")}
    assert {f.excerpt for f in letter_findings(banks) if f.kind == "other_company"} == {"한빛은행"}


def test_applying_with_a_letter_written_for_another_company(member):
    """The issue's case: the 한빛은행 letter sent to 푸른증권 (a partner) names 한빛은행."""
    letter = make_letter(member, title="2026 하반기 한빛은행 디지털 신입", company="한빛은행")
    add_question(letter, HANBIT_ANSWER)

    where = {
        f.where for f in letter_findings(letter, company="푸른증권") if f.kind == "other_company"
    }

    assert where == {"title", "answer"}


def test_a_name_inside_a_longer_word_or_a_different_word_does_not_match(member):
    make_letter(member, title="다른 회사", company="한빛")
    letter = make_letter(member, title="푸른증권 신입 공채", company="푸른증권")
    add_question(letter, "한빛나는 순간이 있었고, 새한빛 동아리를 이끌었어요.")

    assert "other_company" not in kinds(letter_findings(letter))


def test_short_generic_names_make_no_noise(member):
    """Partner names that are everyday words ("우리", "하나"), too short or common Latin
    abbreviations never flag ordinary sentences."""
    company_names_sources.append(lambda: ["우리", "하나", "현대", "국민", "IT", "A", "은행"])
    try:
        letter = make_letter(member, title="푸른증권 신입 공채", company="푸른증권")
        add_question(
            letter,
            "우리는 하나의 팀으로 현대 사회의 문제를 풀었어요. 국민 모두가 쓰는 IT 서비스를 "
            "만들고 싶고, A학점을 받았으며, 은행 업무에도 관심이 많아요.",
        )
        assert letter_findings(letter) == []
    finally:
        company_names_sources.pop()


def test_partner_company_names_from_recruiting_are_guarded(member):
    from recruiting.models import Company

    Company.objects.create(name="새빛카드")
    letter = make_letter(member, title="푸른증권 신입 공채", company="푸른증권")
    question = add_question(letter, "새빛카드에서 쌓은 경험으로 기여할게요.")

    findings = letter_findings(letter)

    assert [(f.kind, f.question_id, f.excerpt) for f in findings] == [
        ("other_company", question.pk, "새빛카드")
    ]


def test_names_in_prompts_and_the_title_are_found_too(member):
    make_letter(member, title="옛 공채", company="푸른증권")
    letter = make_letter(member, title="2026 하반기 푸른증권 MTS 기획 신입", company="한빛은행")
    question = add_question(letter, "열심히 하겠습니다.", prompt="푸른증권에 지원한 동기를 쓰세요.")

    where = {(f.where, f.question_id) for f in letter_findings(letter) if f.kind == "other_company"}

    assert where == {("title", None), ("prompt", question.pk)}


def test_the_old_title_left_in_an_answer_is_found(member):
    make_letter(member, title="2026 하반기 푸른증권 MTS 기획 신입", company="")
    letter = make_letter(member, title="2026 한빛은행 디지털 신입", company="한빛은행")
    answer = "이 글은 2026 하반기 푸른증권 MTS 기획 신입 지원서로 썼던 내용을 고친 것이에요."
    add_question(letter, answer)

    [finding] = [f for f in letter_findings(letter) if f.kind == "old_title"]

    start, end = finding.spans[0]
    assert answer[start:end] == "2026 하반기 푸른증권 MTS 기획 신입"


def test_a_short_old_title_is_not_looked_for(member):
    make_letter(member, title="자기소개서", company="")
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    add_question(letter, "제 자기소개서의 핵심은 꾸준함이에요.")

    assert letter_findings(letter) == []


def test_empty_answers_are_found(member):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    empty = add_question(letter, "")
    blank = add_question(letter, "  \n\n ")
    add_question(letter, "쓴 답변")

    findings = letter_findings(letter)

    assert [(f.kind, f.question_id) for f in findings] == [
        ("empty", empty.pk),
        ("empty", blank.pk),
    ]
    assert findings[0].message == "문항 1에 아직 답변을 쓰지 않았어요."


@pytest.mark.parametrize(
    "unit,answer,limit,said",
    [
        (LimitUnit.WITH_SPACES, "가 " * 260, 500, "제한(공백 포함 500자)보다 20자 넘었어요"),
        (LimitUnit.WITHOUT_SPACES, "가 " * 260, 250, "제한(공백 제외 250자)보다 10자 넘었어요"),
        (LimitUnit.UTF8_BYTES, "가" * 375, 1000, "제한(1,000바이트)보다 125바이트 넘었어요"),
        (
            LimitUnit.KOREAN_BYTES,
            "가" * 510,
            1000,
            "제한(한글 2바이트 기준 1,000바이트)보다 20바이트",
        ),
    ],
)
def test_over_the_limit_says_by_how_much_in_the_questions_own_unit(
    member, unit, answer, limit, said
):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    add_question(letter, answer, limit=limit, unit=unit)

    [finding] = letter_findings(letter)

    assert finding.kind == "over_limit"
    assert said in finding.message


def test_an_answer_exactly_at_its_limit_is_fine(member):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    add_question(letter, "가" * 500, limit=1000, unit=LimitUnit.KOREAN_BYTES)
    add_question(letter, "가\r\n" * 250, limit=500, unit=LimitUnit.WITH_SPACES)

    assert letter_findings(letter) == []


@pytest.mark.parametrize(
    "text,excerpt",
    [
        ("OOO에 지원한 이유는 다음과 같아요.", "OOO"),
        ("○○○ 은행의 고객으로서", "○○○"),
        ("XX회사의 비전에 공감했어요.", "XX"),
        ("[회사명]의 인재상은 도전이에요.", "[회사명]"),
        ("{회사}에서 이루고 싶은 목표", "{회사}"),
        ("귀사명에 꼭 입사하고 싶어요.", "귀사명"),
        ("TODO: 경험 하나 더 넣기", "TODO"),
        ("<기업명>의 핵심 가치", "<기업명>"),
        ("OO전자에서 배운 점", "OO"),
    ],
)
def test_leftover_placeholders_are_found(member, text, excerpt):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    question = add_question(letter, text)

    [finding] = letter_findings(letter)

    assert (finding.kind, finding.question_id, finding.excerpt) == (
        "placeholder",
        question.pk,
        excerpt,
    )
    start, end = finding.spans[0]
    assert text[start:end] == excerpt


def test_ordinary_text_with_capital_letters_and_brackets_is_not_a_placeholder(member):
    letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
    add_question(
        letter,
        "[참고] BOOK 리뷰 동아리에서 XXL 사이즈 굿즈를 만들고, 귀사에 지원하게 됐어요. "
        "Google OKR을 도입했고 (주)한빛은행의 ESG 보고서를 읽었어요.",
        prompt="[지원동기] 당사에 지원한 이유를 작성해 주세요. (500자 이내)",
    )
    # Bracketed subtitles are how members structure answers, not slots to fill.
    add_question(letter, "[도전 정신을 배운 3개월] 동아리 회장으로… [입사 후 포부] 고객 곁에서")

    assert letter_findings(letter) == []


def test_a_realistic_copy_for_a_second_company(member):
    """The issue's case: a letter for 한빛은행, copied and retitled for 푸른증권, still names
    한빛은행 twice, is 125 bytes over, and has a blank and a placeholder."""
    make_letter(member, title="2026 하반기 한빛은행 디지털 신입", company="한빛은행")
    letter = make_letter(member, title="2026 하반기 푸른증권 MTS 기획 신입", company="푸른증권")
    add_question(letter, "한빛은행의 고객 경험을 바꾸고 싶어요. 한빛은행에서 일하고 싶어요.")
    add_question(letter, "가" * 375, limit=1000, unit=LimitUnit.UTF8_BYTES)
    add_question(letter, "")
    add_question(letter, "OOO 직무에서 성장하고 싶어요.")

    findings = letter_findings(letter)

    assert kinds(findings) == ["other_company", "over_limit", "empty", "placeholder"]
    assert "125바이트 넘었어요" in findings[1].message


def test_another_members_letters_are_not_guarded_against(member, other_member):
    make_letter(other_member, title="남의 자기소개서", company="한빛은행")
    letter = make_letter(member, title="푸른증권 공채", company="푸른증권")
    add_question(letter, HANBIT_ANSWER)

    assert letter_findings(letter) == []


def test_a_failing_name_source_does_not_stop_the_check(member):
    def broken():
        raise RuntimeError("partner list unavailable")

    company_names_sources.append(broken)
    try:
        letter = make_letter(member, title="한빛은행 공채", company="한빛은행")
        add_question(letter, "")
        assert kinds(letter_findings(letter)) == ["empty"]
    finally:
        company_names_sources.pop()


def test_a_letter_without_questions_or_company(member):
    letter = CoverLetter.objects.create(member=member, title="새 자기소개서", job_title="기획")
    assert letter_findings(letter) == []


def test_partner_names_are_cached_and_a_new_partner_is_guarded_at_once(
    member, django_assert_num_queries
):
    from recruiting.apps import partner_company_names
    from recruiting.models import Company

    company = Company.objects.create(name="새빛카드")
    assert partner_company_names() == ["새빛카드"]
    with django_assert_num_queries(0):
        assert partner_company_names() == ["새빛카드"]

    company.name = "새빛캐피탈"
    company.save()
    Company.objects.create(name="초록보험")

    assert sorted(partner_company_names()) == ["새빛캐피탈", "초록보험"]
