"""The question-type recogniser on prompts as Korean postings write them."""

import pytest

from coverletters.library.kinds import QuestionKind, classify

K = QuestionKind
PROMPTS = [
    ("지원 동기를 작성해 주세요. (500자 이내)", K.MOTIVATION),
    ("당사에 지원하게 된 동기와 입사 후 포부를 기술하시오.", K.MOTIVATION),
    ("1. 우리 은행을 선택한 이유는 무엇인가요?", K.MOTIVATION),
    ("한빛증권에 관심을 갖게 된 계기를 적어 주세요", K.MOTIVATION),
    ("지원한 직무와 관련하여 본인이 갖춘 역량을 구체적으로 서술해 주세요.", K.COMPETENCY),
    ("직무 수행에 필요한 전문 지식을 쌓기 위해 어떤 노력을 했는지 적어 주세요.", K.COMPETENCY),
    ("지원 분야의 전문성을 보여줄 수 있는 경험을 기술하십시오 (1,000byte)", K.COMPETENCY),
    ("성장 과정을 자유롭게 기술해 주세요.", K.GROWTH),
    ("살아오면서 가장 큰 영향을 받은 사람과 그 이유를 써 주세요.", K.GROWTH),
    ("본인의 가치관이 형성된 계기를 서술하시오", K.GROWTH),
    ("팀 프로젝트에서 갈등을 해결한 경험을 작성해 주세요.", K.TEAMWORK),
    ("공동의 목표를 위해 다른 사람과 협력했던 경험을 서술해 주세요.", K.TEAMWORK),
    ("- 협업 과정에서 본인의 역할과 기여를 구체적으로 적어 주십시오.", K.TEAMWORK),
    ("실패를 경험하고 이를 극복한 사례를 작성해 주세요.", K.FAILURE),
    ("예상치 못한 어려움을 극복하기 위해 노력한 경험을 기술해 주세요.", K.FAILURE),
    ("가장 큰 좌절을 겪었던 순간과 그 이후의 변화를 써 주세요", K.FAILURE),
    ("입사 후 10년 동안의 목표와 계획을 작성해 주세요.", K.ASPIRATION),
    ("입사 후 포부를 작성하시오 (공백 포함 700자)", K.ASPIRATION),
    ("5년 후 본인의 모습을 그려 주세요.", K.ASPIRATION),
    ("본인 성격의 장단점을 기술해 주세요.", K.PERSONALITY),
    ("자신의 장점과 단점을 사례와 함께 적어 주세요", K.PERSONALITY),
    ("최근 사회 이슈 중 하나를 선택하여 본인의 견해를 밝혀 주세요.", K.SOCIAL),
    ("금융 산업 동향과 ESG에 대한 생각을 써 주세요.", K.SOCIAL),
    (
        "[필수] 본인이 지원한 직무를 잘 수행할 수 있는 이유를 경험을 바탕으로 작성해 주세요. "
        "(최소 300자, 최대 1000자)",
        K.COMPETENCY,
    ),
    ("고객의 입장에서 문제를 해결한 경험을 기술해 주세요", K.COMPETENCY),
    ("리더십을 발휘하여 구성원을 이끈 경험을 작성하십시오", K.TEAMWORK),
    ("가장 도전적인 목표를 세우고 달성한 경험은 무엇입니까?", K.FAILURE),
    ("AI 기술 발전이 금융업에 미칠 영향에 대한 의견을 쓰세요", K.SOCIAL),
    ("학창 시절 가장 몰입했던 경험", K.GROWTH),
    ("원칙을 지키기 위해 손해를 감수한 경험", K.GROWTH),
    ("남들과 다른 본인만의 강점은 무엇인가요?", K.PERSONALITY),
    ("자유롭게 본인을 소개해 주세요.", K.OTHER),
    ("", K.OTHER),
]


@pytest.mark.parametrize(("prompt", "kind"), PROMPTS)
def test_the_recogniser_names_the_type_of_the_question(prompt, kind):
    assert classify(prompt) == kind


def test_spacing_does_not_change_the_type():
    assert classify("지원동기를 쓰세요") == classify("지원 동기를 쓰세요") == K.MOTIVATION
    assert classify("입사후포부") == K.ASPIRATION


def test_hit_rate_on_the_whole_sample_is_reported_and_complete():
    hits = sum(classify(prompt) == kind for prompt, kind in PROMPTS)
    assert len(PROMPTS) >= 20
    assert hits == len(PROMPTS)
