"""The check of one letter: `letter_findings`.

Queries: the letter's questions (none when prefetched), the member's other letters (one), and
whatever the registered name sources cost (recruiting's is cached) — constant in the number of
questions."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from coverletters.checks.findings import Finding, company_names_sources
from coverletters.checks.names import NameMatcher, normalize
from coverletters.checks.placeholders import find_placeholders
from coverletters.counting import count, normalize_newlines

log = logging.getLogger(__name__)

# An old title shorter than this is too generic to look for in answers ("자기소개서", "공채").
OLD_TITLE_MIN = 8

UNIT_SHORT = {
    "with_spaces": "자",
    "without_spaces": "자",
    "utf8_bytes": "바이트",
    "korean_bytes": "바이트",
}
UNIT_BASIS = {
    "with_spaces": "공백 포함 {n}자",
    "without_spaces": "공백 제외 {n}자",
    "utf8_bytes": "{n}바이트",
    "korean_bytes": "한글 2바이트 기준 {n}바이트",
}


def limit_label(limit: int, unit: str) -> str:
    return UNIT_BASIS.get(unit, "{n}자").format(n=f"{limit:,}")


def over_by(text: str, limit: int | None, unit: str) -> int:
    """How far past its limit an answer is, in the question's own unit (0: within it)."""
    if not limit:
        return 0
    return max(0, count(text).of(unit) - limit)


def letter_findings(
    letter,
    *,
    company: str | None = None,
    old_companies: Iterable[str] = (),
    old_titles: Iterable[str] = (),
) -> list[Finding]:
    """What to fix before `letter` goes to `company` (by default the letter's own company).
    An empty list: nothing found.

    `old_companies` and `old_titles` add names to guard against beyond the member's other
    letters and the partner list (the copy flow passes the letter it copied from)."""
    target = (company if company is not None else letter.company) or ""
    own = [target] if normalize(target) else []

    others = list(_other_letters(letter))
    names = [o.company for o in others if o.company]
    names += [n for n in old_companies if n]
    # Sent to a company other than the one it was written for, the letter's own company is
    # "another company" too: the 한빛은행 letter applied with at 푸른증권.
    names += [letter.company] if letter.company else []
    for source in company_names_sources:
        try:
            names += list(source())
        except Exception:  # a broken source must not stop the member from checking
            log.exception("company names source %r failed", source)
    matcher = NameMatcher(names, excluded=own)

    own_title = _squash(letter.title)
    titles = {
        t.strip()
        for t in [*(o.title for o in others), *old_titles]
        if t and len(_squash(t)) >= OLD_TITLE_MIN and _squash(t) != own_title
    }

    findings: list[Finding] = []
    findings += _name_findings(matcher, letter.title or "", None, "title", 0)
    # A title merely equal to another letter's ("2026 하반기 공채") embarrasses nobody; one naming
    # the other company is caught above.

    questions = letter.questions.all()
    for number, question in enumerate(questions, start=1):
        findings += _question_findings(question, number, matcher, titles)
    return findings


def _other_letters(letter):
    from coverletters.models import CoverLetter

    if not letter.member_id:
        return []
    return CoverLetter.objects.filter(member_id=letter.member_id).exclude(pk=letter.pk)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _question_findings(question, number: int, matcher, titles) -> list[Finding]:
    answer = normalize_newlines(question.answer or "")
    found: list[Finding] = []
    found += _name_findings(matcher, question.prompt or "", question.pk, "prompt", number)
    if not answer.strip():
        found.append(
            Finding(
                kind="empty",
                message=f"문항 {number}에 아직 답변을 쓰지 않았어요.",
                question_id=question.pk,
            )
        )
        return found
    found += _name_findings(matcher, answer, question.pk, "answer", number)
    for title in sorted(titles):
        spans = tuple((m.start(), m.end()) for m in re.finditer(re.escape(title), answer))
        if spans:
            found.append(
                Finding(
                    kind="old_title",
                    message=f"문항 {number} 답변에 예전 자기소개서 제목이 남아 있어요: {title}",
                    question_id=question.pk,
                    excerpt=title,
                    spans=spans,
                )
            )
    over = over_by(answer, question.limit, question.limit_unit)
    if over:
        found.append(
            Finding(
                kind="over_limit",
                message=(
                    f"문항 {number} 답변이 제한({limit_label(question.limit, question.limit_unit)})"
                    f"보다 {over:,}{UNIT_SHORT.get(question.limit_unit, '자')} 넘었어요."
                ),
                question_id=question.pk,
            )
        )
    for field, text in (("prompt", question.prompt or ""), ("answer", answer)):
        holes = find_placeholders(text)
        if holes:
            shown = ", ".join(dict.fromkeys(h[2] for h in holes))
            place = "질문" if field == "prompt" else "답변"
            found.append(
                Finding(
                    kind="placeholder",
                    message=f"문항 {number} {place}에 채우지 않은 자리 표시가 남아 있어요: {shown}",
                    question_id=question.pk,
                    where=field,
                    excerpt=shown,
                    spans=tuple((s, e) for s, e, _ in holes),
                )
            )
    return found


def _name_findings(matcher, text: str, question_id, where: str, number: int) -> list[Finding]:
    if not matcher:
        return []
    by_name: dict[str, list[tuple[int, int]]] = {}
    for hit in matcher.find(text):
        by_name.setdefault(hit.name, []).append((hit.start, hit.end))
    place = {
        "title": "제목",
        "prompt": f"문항 {number}의 질문",
        "answer": f"문항 {number} 답변",
    }[where]
    return [
        Finding(
            kind="other_company",
            message=f"{place}에 다른 회사 이름이 들어 있어요: {name}",
            question_id=question_id,
            where=where,
            excerpt=name,
            spans=tuple(spans),
        )
        for name, spans in by_name.items()
    ]
