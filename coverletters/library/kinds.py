"""The type of a question (문항 유형), recognised from its prompt by keyword rules.

Korean spacing varies ("지원동기", "지원 동기"), so prompt and keywords are compared with spaces
removed. A strong keyword names the type by itself ("포부"), a weak one only leans ("목표"). The
highest score wins; on a tie the type whose keyword comes first in the prompt wins, because a
prompt that asks two things ("지원 동기와 입사 후 포부") is usually about the first. Strong keywords
count once per type, so a type with many synonyms in one phrase ("입사 후 포부") does not
outweigh the type the prompt names first.
"""

from __future__ import annotations

from django.db import models


class QuestionKind(models.TextChoices):
    MOTIVATION = "motivation", "지원동기"
    COMPETENCY = "competency", "직무역량"
    GROWTH = "growth", "성장과정"
    TEAMWORK = "teamwork", "협업/팀워크"
    FAILURE = "failure", "실패·극복 경험"
    ASPIRATION = "aspiration", "입사 후 포부"
    PERSONALITY = "personality", "성격 장단점"
    SOCIAL = "social", "사회 이슈"
    OTHER = "other", "기타"


STRONG, WEAK = 3, 1

RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    QuestionKind.MOTIVATION: (
        (
            "지원동기",
            "지원한동기",
            "지원하게된",
            "지원한이유",
            "지원하는이유",
            "지원하신이유",
            "지원이유",
            "선택한이유",
            "입사를희망",
            "입사하고싶은",
            "관심을갖게",
            "관심을가지게",
            "왜당사",
            "왜우리",
        ),
        ("당사", "우리회사", "관심", "매력"),
    ),
    QuestionKind.COMPETENCY: (
        (
            "직무역량",
            "직무관련",
            "직무와관련",
            "직무수행",
            "전문성",
            "전문지식",
            "역량",
            "보유한기술",
            "기술스택",
        ),
        # Not "기술" alone: "기술해 주세요" means "describe".
        ("직무", "준비", "노력", "지식", "자격", "문제해결", "문제를해결"),
    ),
    QuestionKind.GROWTH: (
        ("성장과정", "성장배경", "살아오면서", "가치관", "인생", "영향을받은", "영향을준"),
        ("성장", "어린시절", "학창시절", "가정", "원칙", "정직", "신념"),
    ),
    QuestionKind.TEAMWORK: (
        ("협업", "팀워크", "협력", "공동의목표", "갈등", "팀프로젝트", "조직생활"),
        ("팀", "함께", "동료", "구성원", "리더십", "소통"),
    ),
    QuestionKind.FAILURE: (
        ("실패", "극복", "좌절", "역경", "시련", "난관", "위기"),
        ("어려움", "어려웠던", "힘들었던", "한계", "도전"),
    ),
    QuestionKind.ASPIRATION: (
        ("입사후", "포부", "입사한후", "입사하게된다면", "10년후", "5년후", "3년후", "비전"),
        ("목표", "계획", "미래", "이루고싶"),
    ),
    QuestionKind.PERSONALITY: (
        ("장단점", "장점과단점", "성격", "단점"),
        ("장점", "강점"),
    ),
    QuestionKind.SOCIAL: (
        ("사회이슈", "사회적이슈", "시사", "최근이슈", "사회문제", "산업동향", "윤리"),
        ("이슈", "견해", "트렌드", "esg", "미칠영향", "의견"),
    ),
}


def classify(prompt: str) -> str:
    """The QuestionKind value for a prompt; OTHER when no rule matches."""
    text = "".join((prompt or "").split()).casefold()
    best: tuple[int, int, str] | None = None  # (-score, first position, kind)
    for kind, (strong, weak) in RULES.items():
        score, first = 0, len(text)
        strong_at = [at for at in (text.find(word) for word in strong) if at >= 0]
        if strong_at:
            score, first = STRONG, min(strong_at)
        for word in weak:
            at = text.find(word)
            if at >= 0:
                score += WEAK
                first = min(first, at)
        if score and (best is None or (-score, first) < best[:2]):
            best = (-score, first, kind)
    return str(best[2]) if best else QuestionKind.OTHER.value


def kind_label(value: str) -> str:
    try:
        return QuestionKind(value).label
    except ValueError:
        return QuestionKind.OTHER.label
