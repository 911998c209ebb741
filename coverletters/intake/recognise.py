"""Recognise a posting's 자기소개서 문항 and their limits in text a member pasted.

Postings print their questions in many shapes: "1.", "1)", "(1)", "①", "Q1.", "문항 1", "[필수]",
bullets; the limit in a bracket after the question, at the end of its line or on the next one;
"500자", "1,000 byte", "공백 포함 700자", "띄어쓰기 제외 500자", "최소 300자, 최대 800자". What
this finds is only a proposal: the member confirms or corrects every row before a letter is made
(coverletters.intake.views), so the rules below aim at the common shapes, not at every one.

How a limit counts (coverletters.counting):
- 자 / 글자 / characters: with spaces, unless the question or a note says 공백 제외, 띄어쓰기 제외,
  공백 미포함 (a note for the whole posting applies to every question that says nothing itself);
- byte / 바이트: UTF-8 bytes, unless the text says Hangul counts 2 bytes ("한글 2byte"), the
  legacy count many application systems still use (KOREAN_BYTES).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coverletters.counting import normalize_newlines
from coverletters.models import LimitUnit

# A limit below this is not a limit but a stray number ("한글 2byte", "3가지").
MIN_LIMIT = 10

# Bounded on purpose: an unbounded digit run makes the limit patterns quadratic on a paste of
# digits (20,000 of them took 87 s). No limit has more than 7 digits.
_NUM = r"(?<![\d,])(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,7})(?![\d,]\d)"
_UNIT = (
    r"글자|자(?![가-힣])"
    r"|자(?=(?:이내|이하|내외|제한|미만|까지|以内|이상|로|으로|를|의|\s|$))"
    r"|bytes?|바이트|byte|b(?![a-z])|characters?|chars?"
)
_SPACES_WORD = r"(?:공백|띄어쓰기|띄어\s*쓰기|스페이스|빈칸)"
_WITHOUT = (
    rf"{_SPACES_WORD}\s*(?:을|는|은)?\s*(?:제외|미포함|불포함|빼고|없이|포함\s*(?:안|않|X|x))"
)
_WITH = rf"{_SPACES_WORD}\s*(?:을|도)?\s*포함(?!\s*(?:안|않))"
_KOREAN_2_BYTES = (
    r"한글\s*(?:은|는)?\s*(?:1\s*자\s*(?:당|에|는|=|:)?\s*)?2\s*(?:bytes?|바이트|b(?![a-z]))"
)
_UTF8_HINT = (
    r"한글\s*(?:은|는)?\s*(?:1\s*자\s*(?:당|에|는|=|:)?\s*)?3\s*(?:bytes?|바이트|b(?![a-z]))|utf-?8"
)

WITHOUT_SPACES_RE = re.compile(_WITHOUT, re.I)
WITH_SPACES_RE = re.compile(_WITH, re.I)
KOREAN_BYTES_RE = re.compile(_KOREAN_2_BYTES, re.I)
UTF8_RE = re.compile(_UTF8_HINT, re.I)
# Any byte-count hint, removed before limits are read ("한글 2byte" holds no limit).
BYTE_HINT_RE = re.compile(
    rf"(?:{_KOREAN_2_BYTES}|{_UTF8_HINT}|(?:영문|숫자|영문\s*·?\s*숫자|공백|특수\s*문자)[^\d\n]{{0,12}}1\s*(?:bytes?|바이트|b(?![a-z])))",
    re.I,
)

LIMIT_RE = re.compile(
    rf"(?P<pre>(?:{_SPACES_WORD}\s*(?:포함|제외|미포함|불포함)\s*[,:]?\s*)?"
    rf"(?P<kind>최소|최대|총|약|(?:글자\s*수|분량)\s*(?:제한)?)?\s*[:：]?\s*)"
    rf"(?:(?P<low>{_NUM})\s*(?:자|글자|bytes?|바이트)?\s*[~∼\-–]\s*)?"
    rf"(?<![\d,.])(?<!제)(?P<num>{_NUM})\s*(?P<unit>{_UNIT})"
    rf"(?P<post>\s*(?:\(\s*{_SPACES_WORD}\s*(?:포함|제외|미포함|불포함)\s*\))?"
    r"\s*(?P<bound>이내|이하|내외|제한|미만|까지|以内|이상|초과)?"
    rf"(?:\s*[,/]?\s*{_SPACES_WORD}\s*(?:포함|제외|미포함|불포함))?)",
    re.I,
)
# "글자수: 1000", "글자 수 제한 500" with no unit word: characters.
BARE_LIMIT_RE = re.compile(
    rf"(?P<kind>글자\s*수|글자수|분량)\s*(?:제한)?\s*[:：]?\s*(?P<num>{_NUM})(?!\s*(?:{_UNIT}|\d))",
    re.I,
)
REQUIRED_RE = re.compile(
    r"[\[\(【<]\s*(필수|선택)\s*(?:문항|항목)?\s*[\]\)】>]|^\*?\s*(필수|선택)\s*[:：]"
)

# Question markers, strongest first: a posting that numbers its questions also bullets their
# sub-points, so only the strongest kind present starts a question.
MARKERS = [
    ("q", re.compile(r"^(?:Q|q|질문|Essay|essay|ESSAY)\s*\.?\s*(\d{1,2})\s*[.):\]．]?\s*")),
    ("q", re.compile(r"^[\[【<]\s*(?:문항|질문|항목|Q)\s*(\d{1,2})\s*[\]】>]\s*[.:)]?\s*")),
    ("q", re.compile(r"^(?:자기소개서\s*)?(?:문항|항목)\s*(\d{1,2})\s*(?:번)?\s*[.):：．]?\s*")),
    ("num", re.compile(r"^(\d{1,2})\s*(?:번)?\s*[.)．](?!\d)\s*")),
    ("num", re.compile(r"^\((\d{1,2})\)\s*")),
    ("num", re.compile(r"^(\d{1,2})번\s*[.):]?\s*")),
    # Copied from a table: "1<tab>지원동기<tab>500자".
    ("num", re.compile(r"^(\d{1,2})\t\s*")),
    ("hangul", re.compile(r"^([가나다라마바사아자차카타파하])\s*[.)]\s+")),
    (
        "circled",
        re.compile(r"^([\u2460-\u2473\u2474-\u2487\u2776-\u277f\u24f5-\u24fe])\s*[.)]?\s*"),
    ),
    ("required", re.compile(r"^(?=[\[\(【]\s*(?:필수|선택)\s*[\]\)】])")),
    ("bullet", re.compile(r"^([-–—•·∙●○◦▪■□◆◇▶▷►✔✓])\s*")),
]
MARKER_RANK = {"q": 0, "num": 1, "circled": 1, "hangul": 1, "required": 2, "bullet": 3}
LEADING_TAG_RE = re.compile(r"^(?:[\[\(【<]\s*(?:필수|선택)\s*(?:문항|항목)?\s*[\]\)】>]\s*)+")
NOTE_RE = re.compile(r"^[※*]\s*")
BRACKETS_RE = re.compile(r"[\(\[（【<〈]([^\(\)\[\]（）【】<>〈〉]*)[\)\]）】>〉]")
TRAIL_SEP = " \t-–—/|:：,·*※"


@dataclass
class Recognised:
    prompt: str
    limit: int | None = None
    unit: str = LimitUnit.WITH_SPACES
    minimum: int | None = None
    required: bool | None = None


@dataclass
class _Block:
    lines: list[str] = field(default_factory=list)
    required: bool | None = None


@dataclass
class _Hints:
    without_spaces: bool = False
    with_spaces: bool = False
    korean_bytes: bool = False
    utf8: bool = False

    @classmethod
    def of(cls, text: str) -> _Hints:
        return cls(
            without_spaces=bool(WITHOUT_SPACES_RE.search(text)),
            with_spaces=bool(WITH_SPACES_RE.search(text)),
            korean_bytes=bool(KOREAN_BYTES_RE.search(text)),
            utf8=bool(UTF8_RE.search(text)),
        )


def recognise(text: str) -> list[Recognised]:
    """The questions found in `text`, in order; [] when none is recognisable."""
    lines = [_clean_line(line) for line in normalize_newlines(text or "").split("\n")]
    notes = [line for line in lines if NOTE_RE.match(line)]
    body = [line for line in lines if not NOTE_RE.match(line)]
    header, blocks = _split(body)
    global_hints = _Hints.of("\n".join([*header, *notes]))
    # How bytes count is a property of the company's form, not of one question: a hint on
    # any question ("한글 1자 2Byte") holds for all of them.
    everywhere = _Hints.of("\n".join(lines))
    global_hints.korean_bytes = everywhere.korean_bytes
    global_hints.utf8 = everywhere.utf8
    default_limit = _first_limit("\n".join([*header, *notes]))
    found = []
    for block in blocks:
        question = _read_block(block, global_hints, default_limit)
        if question is not None:
            found.append(question)
    return found


def _clean_line(line: str) -> str:
    return line.replace("\u00a0", " ").replace("\u3000", " ").strip()


def _marker(line: str) -> tuple[str, re.Match] | None:
    """The kind of question marker `line` starts with, and its match (on the line without a
    leading [필수]/[선택] tag, except for the "required" kind itself)."""
    stripped = LEADING_TAG_RE.sub("", line)
    for kind, pattern in MARKERS:
        if kind == "required":
            tag = LEADING_TAG_RE.match(line)
            if tag and line[tag.end() :].strip():
                return kind, tag
            continue
        match = pattern.match(stripped)
        if not match or not stripped[match.end() :].strip():
            continue
        if kind == "num" and _looks_like_a_year_or_date(stripped):
            continue
        return kind, match
    return None


def _looks_like_a_year_or_date(line: str) -> bool:
    return bool(re.match(r"^\d{1,2}[.)]\d", line))


def _split(lines: list[str]) -> tuple[list[str], list[_Block]]:
    """Header lines before the first question, and one block of lines per question."""
    kinds = [(_marker(line) or (None, None))[0] for line in lines]
    present = [k for k in kinds if k]
    if not present:
        return [], _paragraphs(lines)
    best = min(MARKER_RANK[k] for k in present)
    # Numbered lists: "1." and "①" rank alike; the first one used is the posting's own.
    start_kind = next(k for k in present if MARKER_RANK[k] == best)
    header: list[str] = []
    blocks: list[_Block] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind == start_kind:
            blocks.append(_Block(lines=[line]))
        elif not line:
            continue
        elif blocks:
            blocks[-1].lines.append(line)
        else:
            header.append(line)
    return header, blocks


def _paragraphs(lines: list[str]) -> list[_Block]:
    """No markers: each paragraph (lines between blank lines) that reads as a question or has
    a limit is one."""
    blocks: list[_Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(_Block(lines=current))
            current = []
    if len(blocks) == 1 and len(blocks[0].lines) > 1:
        # One paragraph of several lines, each with its own limit: one question per line.
        with_limits = [line for line in blocks[0].lines if _limits(line)]
        if len(with_limits) > 1:
            blocks = [_Block(lines=[line]) for line in blocks[0].lines]
    # Without a marker, only what reads as a question is one: a greeting is not.
    return [b for b in blocks if _limits("\n".join(b.lines)) or _asks("\n".join(b.lines))]


def _asks(text: str) -> bool:
    return bool(
        re.search(r"(?:\?|시오|세요|주십시오|바랍니다|기술|서술|작성)\s*[.)]?\s*$", text.strip())
    )


def _read_block(block: _Block, global_hints: _Hints, default_limit) -> Recognised | None:
    text = "\n".join(block.lines)
    required = _required(text)
    limits = _limits(text)
    hints = _Hints.of(text)
    prompt = _prompt(block.lines)
    if not prompt:
        return None
    maxima = [n for n, unit, is_min in limits if not is_min]
    minima = [n for n, unit, is_min in limits if is_min]
    limit = max(maxima) if maxima else None
    unit_kind = next((u for n, u, is_min in limits if n == limit and not is_min), None)
    if limit is None and default_limit and not minima:
        limit, unit_kind = default_limit
    return Recognised(
        prompt=prompt,
        limit=limit,
        unit=_unit(unit_kind, hints, global_hints),
        minimum=max(minima) if minima else None,
        required=required,
    )


def _unit(kind: str | None, hints: _Hints, global_hints: _Hints) -> str:
    if kind == "bytes":
        korean = hints.korean_bytes or (global_hints.korean_bytes and not hints.utf8)
        return LimitUnit.KOREAN_BYTES if korean else LimitUnit.UTF8_BYTES
    if hints.without_spaces and not hints.with_spaces:
        return LimitUnit.WITHOUT_SPACES
    if hints.with_spaces:
        return LimitUnit.WITH_SPACES
    if global_hints.without_spaces and not global_hints.with_spaces:
        return LimitUnit.WITHOUT_SPACES
    return LimitUnit.WITH_SPACES


def _unit_kind(word: str) -> str:
    word = word.lower()
    return "bytes" if word.startswith(("b", "바")) else "chars"


def _limits(text: str) -> list[tuple[int, str, bool]]:
    """(number, "chars"|"bytes", is a minimum) for each limit in `text`."""
    text = BYTE_HINT_RE.sub(" ", text)
    found = []
    for match in LIMIT_RE.finditer(text):
        number = int(match["num"].replace(",", ""))
        if number < MIN_LIMIT:
            continue
        is_min = (match["kind"] or "").startswith("최소") or (match["bound"] or "") in (
            "이상",
            "초과",
        )
        found.append((number, _unit_kind(match["unit"]), is_min))
    for match in BARE_LIMIT_RE.finditer(text):
        number = int(match["num"].replace(",", ""))
        if number >= MIN_LIMIT:
            found.append((number, "chars", False))
    return found


def _first_limit(text: str) -> tuple[int, str] | None:
    maxima = [(n, u) for n, u, is_min in _limits(text) if not is_min]
    return maxima[0] if maxima else None


def _required(text: str) -> bool | None:
    match = REQUIRED_RE.search(text)
    if not match:
        return None
    return (match[1] or match[2]) == "필수"


def _is_limit_only(text: str) -> bool:
    """A bracket or a line that says nothing but the limit and how it counts."""
    rest = BYTE_HINT_RE.sub(" ", text)
    rest = LIMIT_RE.sub(" ", rest)
    rest = BARE_LIMIT_RE.sub(" ", rest)
    rest = WITHOUT_SPACES_RE.sub(" ", rest)
    rest = WITH_SPACES_RE.sub(" ", rest)
    rest = re.sub(
        r"필수|선택|문항|항목|기준|입력\s*가능|작성|가능|이내|이하|내외|제한|글자\s*수|분량|최대|최소|"
        r"영문|숫자|한글|특수\s*문자|각|및|또는|으로|로|로\s*작성|[,/·:：~\-–=()\[\]<>]|\s",
        "",
        rest,
    )
    return not rest and bool(text.strip())


def _prompt(lines: list[str]) -> str:
    """The question's text: its marker and limit removed; the lines after the first (a
    sub-point keeps its bullet) joined by line breaks, as the member will see them."""
    parts = []
    for i, line in enumerate(lines):
        line = _strip_limits(_strip_marker(line) if i == 0 else line)
        if line:
            parts.append(line)
    return "\n".join(parts).strip()


def _strip_marker(line: str) -> str:
    line = LEADING_TAG_RE.sub("", line)
    found = _marker(line)
    if found and found[0] != "required":
        line = line[found[1].end() :]
        # A bullet before a numbered label: "- 질문 1: 지원 동기".
        nested = _marker(line)
        if found[0] == "bullet" and nested and nested[0] in ("q", "num"):
            line = line[nested[1].end() :]
    return LEADING_TAG_RE.sub("", line).strip()


def _strip_limits(line: str) -> str:
    """The line without its limit: brackets holding only the limit, a limit ending the line
    (repeatedly: "최소 300자, 최대 800자"), a line that is only a limit. A limit inside the
    sentence ("500자 이내로 쓰세요") stays: cutting it would break the sentence."""
    line = BRACKETS_RE.sub(lambda m: " " if _is_limit_only(m[1]) else m[0], line)
    line = re.sub(r"^\s*[\[\(【<]\s*(?:필수|선택)\s*[\]\)】>]\s*", "", line)
    if _is_limit_only(line):
        return ""
    while True:
        trimmed = _strip_trailing_limit(line)
        if trimmed == line:
            break
        line = trimmed
    return re.sub(r"\s{2,}", " ", line).strip().rstrip(TRAIL_SEP).strip()


def _strip_trailing_limit(line: str) -> str:
    stripped = line.rstrip(TRAIL_SEP + ".")
    for pattern in (LIMIT_RE, BARE_LIMIT_RE, WITHOUT_SPACES_RE, WITH_SPACES_RE, BYTE_HINT_RE):
        last = None
        for match in pattern.finditer(stripped):
            last = match
        if last is None or stripped[last.end() :].strip(TRAIL_SEP + ". "):
            continue
        before = stripped[: last.start()].rstrip()
        # Only when the limit is set off from the sentence (a separator or the line's end
        # after a finished clause), not "…를 500자 이내로".
        if before and _ends_with_a_particle(before):
            continue
        return before.rstrip(TRAIL_SEP)
    return line


def _ends_with_a_particle(text: str) -> bool:
    """ "…동기를 500자 이내" continues a sentence; "성장과정 500자 이내" labels a question."""
    return bool(re.search(r"[가-힣](?:을|를|로|으로|에|에서|의|는|은)$", text))
