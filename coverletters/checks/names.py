"""Finding company names in Korean text.

A name in an answer is rarely bare: "한빛은행의", "한빛은행에서도", "푸른증권이라는". A match is the
name, then at most one particle or copula ending (compound ones like 에서도 are in the list),
then a boundary: the end, or a character that is not a letter of the same script (so
"푸른증권MTS" matches). "한빛은행에서" matches 한빛은행; "한빛나는" does not match a company
called 한빛, nor does "새한빛" (the name inside a longer word).

Noise control: a name is normalised ("(주)", "주식회사" and spaces dropped); names shorter than
two characters, and short names that are everyday words ("우리", "하나", "현대", "국민" — the short
forms of real banks and groups), are not guarded: "우리는 하나의 팀" must not flag two banks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Longest first, so the alternation prefers "에서는" to "에".
PARTICLES = sorted(
    {
        "의",
        "에",
        "에서",
        "에게",
        "께",
        "께서",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "과",
        "와",
        "도",
        "만",
        "로",
        "으로",
        "로서",
        "으로서",
        "로써",
        "으로써",
        "까지",
        "부터",
        "처럼",
        "보다",
        "마다",
        "이나",
        "나",
        "이랑",
        "랑",
        "하고",
        "에서의",
        "에의",
        "라는",
        "이라는",
        "란",
        "이란",
        "라고",
        "이라고",
        "라면",
        "이라면",
        "인",
        "이다",
        "입니다",
        "이며",
        "이고",
        "이었",
        "였",
        "이어서",
        "이기에",
        "이기",
        "의의",
        "만의",
        "님",
        "측",
        "만큼",
        "뿐",
        "에서는",
        "에서도",
        "에서만",
        "에는",
        "에도",
        "으로는",
        "로는",
        "과의",
        "와의",
        "가서",
        "와서",
        "고",
        "다",
        "던",
        "지만",
        "이지만",
        "이었던",
        "였던",
        "에선",
        "로선",
    },
    key=len,
    reverse=True,
)

# Everyday words that are also short forms of company names.
GENERIC = frozenset(
    {
        "우리",
        "하나",
        "국민",
        "한국",
        "대한",
        "현대",
        "미래",
        "제일",
        "동양",
        "기업",
        "회사",
        "은행",
        "증권",
        "보험",
        "전자",
        "그룹",
        "본사",
        "지사",
        "카드",
        "캐피탈",
        "생명",
        "화재",
        "건설",
        "물산",
        "상사",
        "산업",
        "홀딩스",
        "공사",
        "공단",
        "재단",
        "센터",
        "코리아",
        "글로벌",
        "테크",
        "솔루션",
        "시스템",
        "서비스",
        "희망",
        "사랑",
        "행복",
        "나라",
        "새싹",
        "하늘",
        "바다",
        "한길",
        "으뜸",
        "다음",
        "가나",
    }
)
# Short ASCII names that are ordinary words or abbreviations in an answer.
GENERIC_ASCII = frozenset({"it", "ai", "ux", "ui", "pm", "hr", "am", "ok", "the", "and"})

_DROP = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|\s+")


def normalize(name: str) -> str:
    """The core of a company name: "(주) 한빛 은행" → "한빛은행"."""
    return _DROP.sub("", name or "").strip()


def guardable(core: str) -> bool:
    """Whether a (normalised) name is specific enough to flag without noise."""
    if len(core) < 2:
        return False
    if core.isascii():
        return len(core) >= 2 and core.lower() not in GENERIC_ASCII
    return core not in GENERIC


@dataclass(frozen=True)
class Hit:
    name: str  # the guarded name as given
    start: int
    end: int  # the name only, not its particle


class NameMatcher:
    """Finds any of `names` in a text; `excluded` (the letter's own company) never matches,
    nor does a guarded name found inside an occurrence of it."""

    def __init__(self, names: Iterable[str], excluded: Iterable[str] = ()) -> None:
        excluded_cores = {normalize(n) for n in excluded if normalize(n)}
        lowered = {core.lower() for core in excluded_cores}
        self.by_core: dict[str, str] = {}
        for name in names:
            core = normalize(name)
            if not guardable(core) or core.lower() in lowered:
                continue
            if any(core.lower() in own for own in lowered):
                # "한빛" while writing to "한빛은행": every occurrence sits inside the own name.
                continue
            self.by_core.setdefault(core.lower(), name.strip())
        self.pattern = _pattern(tuple(sorted(self.by_core, key=len, reverse=True)))
        excluded_cores = {core.lower() for core in excluded_cores}
        self.own = _pattern(tuple(sorted(excluded_cores, key=len, reverse=True)))

    def __bool__(self) -> bool:
        return self.pattern is not None

    def find(self, text: str) -> list[Hit]:
        if not text or self.pattern is None:
            return []
        own_spans = [m.span() for m in self.own.finditer(text)] if self.own else []
        hits = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if start and _same_script(text[start - 1], text[start]):
                continue  # inside a longer word: "새한빛은행"
            if not _ends_word(text, end):
                continue  # "한빛나는": not the name 한빛 and a particle
            if any(s < end and start < e for s, e in own_spans):
                continue
            core = _DROP.sub("", match.group()).lower()
            hits.append(Hit(self.by_core.get(core, match.group()), start, end))
        return hits


def _script(ch: str) -> str:
    if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return "hangul"
    if ch.isascii() and ch.isalnum():
        return "latin"
    if ch.isalnum():
        return "other"
    return ""


def _same_script(a: str, b: str) -> bool:
    kind = _script(a)
    return bool(kind) and kind == _script(b)


def _ends_word(text: str, end: int) -> bool:
    """Whether a name ending at `end` ends a word, alone or with one particle after it."""
    last = text[end - 1]
    for particle in ("", *PARTICLES):
        if particle and not text.startswith(particle, end):
            continue
        stop = end + len(particle)
        tail = text[stop - 1] if particle else last
        if stop >= len(text) or not _same_script(tail, text[stop]):
            return True
    return False


@lru_cache(maxsize=256)
def _pattern(cores: tuple[str, ...]) -> re.Pattern | None:
    if not cores:
        return None
    # Inside a name, a space is optional ("한빛 은행" is 한빛은행).
    names = "|".join(r"\s?".join(re.escape(ch) for ch in core) for core in cores)
    return re.compile(names, re.IGNORECASE)
