"""Experiences that fit a question: by what the question asks for (its type, against the
experience's kind and competency tags) and by the words the prompt and the experience share.
Runs in Python over one member's experiences (their text is encrypted, and there are few)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coverletters.library.kinds import QuestionKind
from experiences.models import Experience, ExperienceKind, search_key

KIND_FITS: dict[str, tuple[set[str], set[str]]] = {
    # question type: (experience kinds, competency tags)
    QuestionKind.MOTIVATION: ({"intern", "project", "education"}, {"고객 지향", "전문성"}),
    QuestionKind.COMPETENCY: (
        {"intern", "project", "certificate", "education", "contest"},
        {"전문성", "분석력", "문제해결"},
    ),
    QuestionKind.GROWTH: ({"volunteer", "overseas", "club", "other"}, {"성실성", "책임감"}),
    QuestionKind.TEAMWORK: (
        {"project", "club", "contest", "intern"},
        {"협업", "의사소통", "리더십"},
    ),
    QuestionKind.FAILURE: (
        {"project", "contest", "club", "parttime"},
        {"문제해결", "도전정신", "책임감"},
    ),
    QuestionKind.ASPIRATION: ({"intern", "education", "certificate"}, {"도전정신", "글로벌 역량"}),
    QuestionKind.PERSONALITY: ({"club", "parttime", "volunteer"}, {"성실성", "의사소통"}),
    QuestionKind.SOCIAL: ({"volunteer", "overseas", "education"}, {"분석력", "글로벌 역량"}),
}
# Words every prompt uses: they say nothing about which experience fits.
STOP_WORDS = {
    "경험",
    "본인",
    "자신",
    "귀하",
    "서술",
    "작성",
    "기술",
    "주세요",
    "하시오",
    "대해",
    "대하여",
    "구체적",
    "사례",
    "내용",
    "이내",
    "바탕",
    "통해",
    "무엇",
    "어떻게",
    "있는",
    "했던",
    "당시",
    "가장",
}
PARTICLES = re.compile(
    r"(으로써|으로서|에서는|에서|으로|에게|까지|부터|처럼|이라|라는|하여|하고|"
    r"을|를|이|가|은|는|의|에|와|과|로|도|만)$"
)
SUGGESTIONS_SHOWN = 3
# get_kind_display() without its per-call walk of the choices (thirty experiences a page).
KIND_LABELS = dict(ExperienceKind.choices)


@dataclass(frozen=True)
class Suggestion:
    experience: Experience
    reasons: tuple[str, ...]
    score: int


def prompt_words(prompt: str) -> set[str]:
    words = set()
    for raw in re.findall(r"[0-9A-Za-z가-힣]+", prompt or ""):
        word = PARTICLES.sub("", raw)
        if len(word) >= 2 and word not in STOP_WORDS and not word.isdigit():
            words.add(search_key(word))
    return words


@dataclass(frozen=True)
class _Prepared:
    """What suggest() reads of an experience, read (and decrypted) once for every question."""

    experience: Experience
    tags: tuple[str, ...]
    kind: str
    kind_reason: str
    text: str


def prepare(experiences: list[Experience]) -> list[_Prepared]:
    prepared = []
    for experience in experiences:
        tags = tuple(experience.tags or [])
        prepared.append(
            _Prepared(
                experience,
                tags,
                experience.kind,
                f"{KIND_LABELS.get(experience.kind, experience.kind)} 경험",
                search_key(f"{experience.title} {experience.summary} {' '.join(tags)}"),
            )
        )
    return prepared


def suggest(question, experiences: list[Experience], *, linked: set[int] = frozenset()):
    """Up to SUGGESTIONS_SHOWN experiences that fit `question`, best first, with the reasons in
    Korean; experiences already linked to the question are left out."""
    return suggest_prepared(question, prepare(experiences), linked=linked)


def suggest_prepared(question, prepared: list[_Prepared], *, linked: set[int] = frozenset()):
    """suggest() over experiences prepare()d once: the editor asks for every question."""
    fits_kinds, fits_tags = KIND_FITS.get(question.question_kind, (set(), set()))
    words = prompt_words(question.prompt)
    found: list[Suggestion] = []
    for item in prepared:
        experience = item.experience
        if experience.pk in linked:
            continue
        score, reasons = 0, []
        tags = [t for t in item.tags if t in fits_tags]
        if tags:
            score += 2 * len(tags)
            reasons.append(f"{', '.join(tags)} 역량")
        if item.kind in fits_kinds:
            score += 1
            reasons.append(item.kind_reason)
        shared = sorted(w for w in words if w in item.text)
        if shared:
            score += 3 * len(shared)
            reasons.append("문항의 ‘" + "’, ‘".join(shared[:3]) + "’와 겹쳐요")
        if score:
            found.append(Suggestion(experience, tuple(reasons), score))
    found.sort(key=lambda s: (-s.score, s.experience.pk))
    return found[:SUGGESTIONS_SHOWN]
