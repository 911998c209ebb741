"""The text format of a policy version (PolicyVersion.text, "방침 전문") and its parser.

The text of each version is the policy page members read: the page renders it block by block
(templates/privacy/_policy_body.html), so editing a draft's text changes its preview, and the
page changes only when a version with a new text takes effect. One line is one block:

    # 1. 개인정보의 처리 목적 {#purpose}   a section heading; `{#purpose}`: its anchor (optional)
    - 사용자 문의 대응                     a bulleted list item (consecutive items: one list)
    1. 개인정보 열람 요구                  a numbered list item (consecutive items: one list)
    **파기절차:** 이용자가 입력한 …        a paragraph; `**…**` marks bold words anywhere
    접근 제한 :: 개인정보를 처리하는 …     a term and its description (consecutive: one list)
    [[표:수집항목]]                        where a frozen table of the version goes (own line)

A table whose snapshot has no rows draws nothing (the preview says so: the text should then
say in words that there is none).

Tables (from the version's snapshot, privacy.notices.snapshots): [[표:수집항목]] (members'
collection items), [[표:컨설턴트]] (the consultants' own data), [[표:제3자제공]] (provisions to
third parties), [[표:위탁]] (the entrustment table). Filled by the page, not policy words:
[[보호책임자]] (a line of its own: the officer's name and contact from settings), and inside a
line [[공지사항]] (the word 공지사항, linking to the notice board). The text states its own
시행일 in words (`시행일: 2026년 12월 24일`); the draft form holds it to the version's date.
Blank lines are ignored. Nothing in the text is HTML: every piece is escaped by the template.

`parse` never raises: a marker it does not know is dropped from the page and reported in
`Document.errors` (Korean, with its line number), which the draft form shows to staff.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from privacy.notices.snapshots import TABLE_NAMES

TABLE_MARKERS = {
    "수집항목": "members",
    "컨설턴트": "consultants",
    "제3자제공": "provisions",
    "위탁": "entrustments",
}
BLOCK_MARKERS = {"보호책임자": "officer"}
INLINE_MARKERS = {"공지사항": "notices_link"}

_MARKER = re.compile(r"\[\[([^\[\]]*)\]\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#\s+(.*?)(?:\s*\{#([A-Za-z][A-Za-z0-9_-]*)\})?$")
_NUMBERED = re.compile(r"^\d+\.\s+(.*)$")


@dataclass
class Span:
    kind: str  # "text" | "strong" | "notices_link"
    text: str = ""


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "bullets" | "numbers" | "terms" | "table" | "officer"
    spans: list[Span] = field(default_factory=list)  # heading, paragraph
    items: list[list[Span]] = field(default_factory=list)  # bullets, numbers
    terms: list[tuple[list[Span], list[Span]]] = field(default_factory=list)  # terms
    anchor: str = ""  # heading
    table: str = ""  # table: a snapshot key
    rows: list[dict] = field(default_factory=list)  # table: its rows, from the version's snapshot


@dataclass
class Document:
    blocks: list[Block]
    errors: list[str]

    def tables(self) -> list[str]:
        return [b.table for b in self.blocks if b.kind == "table"]

    def fill(self, tables: dict) -> Document:
        """Each table marker with its rows from `tables` (a version's snapshot)."""
        for block in self.blocks:
            if block.kind == "table":
                block.rows = list((tables or {}).get(block.table) or [])
        return self


def _known_markers() -> str:
    names = [f"[[표:{n}]]" for n in TABLE_MARKERS] + [f"[[{n}]]" for n in BLOCK_MARKERS]
    return ", ".join(names + [f"[[{n}]]" for n in INLINE_MARKERS])


def _spans(line: str, number: int, errors: list[str]) -> list[Span]:
    spans: list[Span] = []
    for bold_or_not, piece in _split_bold(line):
        position = 0
        for match in _MARKER.finditer(piece):
            if match.start() > position:
                spans.append(Span(bold_or_not, piece[position : match.start()]))
            name = match.group(1).strip()
            if name in INLINE_MARKERS:
                spans.append(Span(INLINE_MARKERS[name]))
            else:
                errors.append(
                    f"{number}번째 줄: ‘[[{name}]]’은(는) 문장 안에 쓸 수 없는 표시예요. "
                    f"쓸 수 있는 표시: {_known_markers()} (표와 [[보호책임자]]는 한 줄에 따로)"
                )
            position = match.end()
        if position < len(piece):
            spans.append(Span(bold_or_not, piece[position:]))
    return spans


def _split_bold(line: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _BOLD.finditer(line):
        if match.start() > position:
            pieces.append(("text", line[position : match.start()]))
        pieces.append(("strong", match.group(1)))
        position = match.end()
    if position < len(line):
        pieces.append(("text", line[position:]))
    return pieces


def parse(text: str) -> Document:
    blocks: list[Block] = []
    errors: list[str] = []

    def listed(kind: str) -> Block:
        if not blocks or blocks[-1].kind != kind:
            blocks.append(Block(kind))
        return blocks[-1]

    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        whole = _MARKER.fullmatch(line)
        if whole:
            name = whole.group(1).strip()
            table = name.removeprefix("표:").strip() if name.startswith("표:") else None
            if table is not None and table in TABLE_MARKERS:
                blocks.append(Block("table", table=TABLE_MARKERS[table]))
            elif name in BLOCK_MARKERS:
                blocks.append(Block(BLOCK_MARKERS[name]))
            elif name in INLINE_MARKERS:
                blocks.append(Block("paragraph", spans=[Span(INLINE_MARKERS[name])]))
            else:
                errors.append(
                    f"{number}번째 줄: ‘[[{name}]]’은(는) 알 수 없는 표시예요. "
                    f"쓸 수 있는 표시: {_known_markers()}"
                )
            continue
        if heading := _HEADING.match(line):
            blocks.append(
                Block(
                    "heading",
                    spans=_spans(heading.group(1), number, errors),
                    anchor=heading.group(2) or "",
                )
            )
        elif line.startswith("- "):
            listed("bullets").items.append(_spans(line[2:], number, errors))
        elif numbered := _NUMBERED.match(line):
            listed("numbers").items.append(_spans(numbered.group(1), number, errors))
        elif " :: " in line:
            term, description = line.split(" :: ", 1)
            listed("terms").terms.append(
                (_spans(term, number, errors), _spans(description, number, errors))
            )
        else:
            blocks.append(Block("paragraph", spans=_spans(line, number, errors)))
    return Document(blocks, errors)


def text_errors(text: str) -> list[str]:
    """What is wrong with a draft's text, in Korean; empty when the page can render it all."""
    document = parse(text)
    errors = list(document.errors)
    seen: set[str] = set()
    for table in document.tables():
        if table in seen:
            name = next(k for k, v in TABLE_MARKERS.items() if v == table)
            errors.append(f"‘[[표:{name}]]’ 표가 두 번 들어 있어요. 한 번만 넣어 주세요.")
        seen.add(table)
    return errors


_EFFECTIVE = re.compile(r"시행일\s*:\s*(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")


def korean_day(date: datetime.date) -> str:
    return f"{date.year}년 {date.month}월 {date.day}일"


def effective_date_errors(text: str, effective_date: datetime.date) -> list[str]:
    """The text states its 시행일 in words; a draft started from an earlier version still
    says that version's date, which members must not read."""
    errors = []
    for match in _EFFECTIVE.finditer(text or ""):
        stated = datetime.date(*(int(g) for g in match.groups()))
        if stated != effective_date:
            errors.append(
                f"본문의 ‘{match.group(0)}’이 시행일({korean_day(effective_date)})과 달라요. "
                f"본문을 ‘시행일: {korean_day(effective_date)}’로 고쳐 주세요."
            )
    return errors


def with_effective_date(text: str, effective_date: datetime.date) -> str:
    """`text` with each 시행일 it states moved to `effective_date` (a new draft's start)."""
    return _EFFECTIVE.sub(f"시행일: {korean_day(effective_date)}", text or "")


def empty_table_errors(text: str, tables: dict) -> list[str]:
    """Markers whose table has no rows in `tables` (a version's snapshot): nothing is drawn
    there, so the officer should say it in words instead."""
    errors = []
    for table in parse(text).tables():
        if not (tables or {}).get(table):
            name = next(k for k, v in TABLE_MARKERS.items() if v == table)
            errors.append(
                f"‘[[표:{name}]]’ 자리의 표({TABLE_NAMES[table]})가 비어 있어요. 회원에게는 "
                "아무것도 보이지 않으니, 표 대신 문장으로 적어 주세요."
            )
    return errors


def plain(line: str) -> str:
    """A line's words as the page shows them, markup aside (for comparisons in tests and
    the preview): `**` dropped, [[공지사항]] as its word."""
    line = _BOLD.sub(r"\1", line)
    return line.replace("[[공지사항]]", "공지사항")
