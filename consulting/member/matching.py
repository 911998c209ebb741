"""Matching a member to a consultant by the member's 희망 직무 and 희망 산업.

The rule is meant to be read by the member, so it is a small one, stated on the page as it is
here (RULE_TEXT):
- the member's free-text 희망 직무 and 희망 산업 are read for the catalog's job families and
  industries by keywords (the catalog's own labels and the usual words for them);
- a consultant scores 2 when one of their 전문 직무 is among the member's job families, and 1
  when one of their 전문 산업 is among the member's industries (3 at most);
- the highest score wins; between equal scores, the consultant with the fewest open
  engagements, then the one listed first.
Only consultants the member has no open engagement with are considered (a second open
engagement with the same consultant is refused anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from consulting.catalog import Industry, JobFamily

RULE_TEXT = (
    "희망 직무가 컨설턴트의 전문 직무와 맞으면 2점, 희망 산업이 전문 산업과 맞으면 1점을 "
    "더해 점수가 가장 높은 컨설턴트를 골라요. 점수가 같으면 지금 진행 중인 컨설팅이 가장 "
    "적은 컨설턴트를 골라요."
)

# The usual words for each code, besides the parts of its catalog label ("기획·전략" gives 기획
# and 전략). Longer words are read first and taken out of the text, so that a word inside
# another ("개발" in "사업개발", "연구개발") counts only for the longer one.
_JOB_WORDS: dict[str, tuple[str, ...]] = {
    JobFamily.DEVELOPMENT: (
        "개발",
        "백엔드",
        "프론트엔드",
        "프로그래머",
        "소프트웨어",
        "서버",
        "웹",
        "앱",
    ),
    JobFamily.DATA: ("데이터", "AI", "머신러닝", "인공지능", "딥러닝"),
    JobFamily.DESIGN: ("디자이너", "UX", "UI", "영상", "콘텐츠 제작"),
    JobFamily.PLANNING: ("사업개발", "PM", "PO", "경영기획"),
    JobFamily.MARKETING: ("홍보", "PR", "브랜드", "퍼포먼스"),
    JobFamily.SALES: ("기술영업", "세일즈", "고객상담", "CS"),
    JobFamily.MANAGEMENT_SUPPORT: ("HR", "총무", "사무", "법무", "구매", "채용"),
    JobFamily.FINANCE: ("재무", "세무", "회계사", "투자"),
    JobFamily.RESEARCH: ("연구", "연구개발", "R&D"),
    JobFamily.PRODUCTION: ("QA", "QC", "생산관리", "품질관리", "물류", "SCM", "제조"),
    JobFamily.PUBLIC: ("공무원", "공공기관"),
}
_INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    Industry.IT: ("IT", "인터넷", "게임", "플랫폼", "소프트웨어"),
    Industry.MANUFACTURING: ("전자", "반도체", "자동차", "기계", "조선", "건설"),
    Industry.FINANCE: ("은행", "증권", "보험", "카드", "핀테크"),
    Industry.CONSUMER: ("유통", "이커머스", "커머스", "식품", "외식", "패션", "뷰티"),
    Industry.MEDIA: ("미디어", "엔터", "방송", "광고", "콘텐츠"),
    Industry.BIO: ("바이오", "제약", "의료", "헬스케어"),
    Industry.ENERGY: ("에너지", "화학", "정유"),
    Industry.PUBLIC: ("공공", "공기업", "공무원"),
    Industry.CONSULTING: ("컨설팅",),
}


def _vocabulary(choices, words: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    pairs = {(part.strip().upper(), code) for code, label in choices for part in label.split("·")}
    pairs |= {(word.upper(), code) for code, extra in words.items() for word in extra}
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0], pair[1]))


_JOB_VOCABULARY = _vocabulary(JobFamily.choices, _JOB_WORDS)
_INDUSTRY_VOCABULARY = _vocabulary(Industry.choices, _INDUSTRY_WORDS)


def _codes(text: str, vocabulary: list[tuple[str, str]]) -> frozenset[str]:
    text = (text or "").upper()
    found: set[str] = set()
    for word, code in vocabulary:
        if word in text:
            found.add(code)
            text = text.replace(word, " ")
    return frozenset(found)


def job_families_of(text: str) -> frozenset[str]:
    """The catalog's job families a member's 희망 직무 names."""
    return _codes(text, _JOB_VOCABULARY)


def industries_of(text: str) -> frozenset[str]:
    """The catalog's industries a member's 희망 산업 names."""
    return _codes(text, _INDUSTRY_VOCABULARY)


@dataclass(frozen=True)
class Candidate:
    key: int  # the consultant profile's id
    name: str
    job_families: Sequence[str]
    industries: Sequence[str]
    open_engagements: int


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: int
    jobs: tuple[str, ...]  # labels of the job families that matched
    industries: tuple[str, ...]  # labels of the industries that matched
    tie_broken: bool  # others had the same score; the open engagements decided

    @property
    def reason(self) -> str:
        """Who was matched and why, in the member's words (해요체)."""
        name = self.candidate.name
        if not self.score:
            return (
                f"{name} 컨설턴트를 찾았어요. 희망 직무·산업과 전문 분야가 맞는 컨설턴트가 "
                "없어서, 지금 진행 중인 컨설팅이 가장 적은 컨설턴트를 골랐어요."
            )
        parts = []
        if self.jobs:
            parts.append(f"전문 직무({', '.join(self.jobs)})가 희망 직무와 맞아서 2점")
        if self.industries:
            parts.append(f"전문 산업({', '.join(self.industries)})이 희망 산업과 맞아서 1점")
        why = parts[0] + "이에요." if len(parts) == 1 else f"{', '.join(parts)}, 모두 3점이에요."
        text = f"{name} 컨설턴트를 찾았어요. {why}"
        if self.tie_broken:
            text += " 점수가 같은 컨설턴트 중에서 지금 진행 중인 컨설팅이 가장 적어요."
        return text


def _labels(codes: Iterable[str], choices) -> tuple[str, ...]:
    names = dict(choices)
    return tuple(names[code] for code in sorted(codes, key=list(names).index) if code in names)


def best_match(
    *, desired_job: str, desired_industry: str, candidates: Sequence[Candidate]
) -> Match | None:
    """The consultant the rule picks among `candidates` (listed first = smaller key)."""
    if not candidates:
        return None
    wanted_jobs = job_families_of(desired_job)
    wanted_industries = industries_of(desired_industry)
    scored = []
    for candidate in candidates:
        jobs = wanted_jobs & set(candidate.job_families)
        industries = wanted_industries & set(candidate.industries)
        score = (2 if jobs else 0) + (1 if industries else 0)
        scored.append((score, candidate, jobs, industries))
    top = max(score for score, *_ in scored)
    tied = [row for row in scored if row[0] == top]
    score, candidate, jobs, industries = min(
        tied, key=lambda row: (row[1].open_engagements, row[1].key)
    )
    return Match(
        candidate=candidate,
        score=score,
        jobs=_labels(jobs, JobFamily.choices),
        industries=_labels(industries, Industry.choices),
        tie_broken=len(tied) > 1
        and any(row[1].open_engagements != candidate.open_engagements for row in tied),
    )
