"""Spelling and spacing hints: where, what is written, what to write instead.

Two sources, both offline:
- **띄어쓰기**: Kiwi's spacing model (`Kiwi.space`) on each line. It both inserts spaces
  ("할수있습니다" → "할 수 있습니다") and removes wrong ones ("해결 할" → "해결할"). Its output
  differs from the input in whitespace only, so aligning the two gives the changed gaps.
- **맞춤법**: Kiwi's typo correction (`typos="basic"`: tokens it had to correct to analyse, e.g.
  "않되" → "안 되"), and a short list of misspellings that Kiwi reads as well formed and so never
  flags ("되요" → "돼요", "몇일" → "며칠", "할께" → "할게", "있읍니다" → "있습니다", …).

A hint spans whole 어절 (whitespace-separated words): the words a changed gap joins, or the word a
correction falls in. Its suggestion is that span corrected and re-spaced, so 바꾸기 replaces
exactly `text[start:end]` (offsets in characters, i.e. code points, as Python counts them).

Kiwi takes a few seconds and about 320 MB to load: it is loaded once per process, on first use
(only the processes that serve hints pay for it), under a lock; calls into it are serialised
by the same lock (the binding does not promise that concurrent calls on one instance are
safe)."""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import asdict, dataclass

SPACING = "띄어쓰기"
SPELLING = "맞춤법"

# Answers hold at most 20,000 characters (Question.answer); the view refuses more.
MAX_CHARS = 20000


@dataclass(frozen=True)
class Hint:
    start: int
    end: int
    original: str
    suggestion: str
    kind: str  # SPACING or SPELLING

    def as_dict(self) -> dict:
        return asdict(self)


# Misspellings Kiwi analyses without complaint (it reads "되요" as 되 + 요, "몇일" as 몇 + 일).
# Each pattern is wrong wherever it appears in a cover letter; the group keeps context.
_MISSPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"되요", "돼요"),
        (r"됬", "됐"),
        (r"몇일", "며칠"),
        (r"(할|갈|줄|볼|올|될|릴|질)께", r"\1게"),
        (r"읍니다", "습니다"),
        (r"역활", "역할"),
        (r"금새", "금세"),
        (r"어의없", "어이없"),
        (r"오랫만", "오랜만"),
        (r"설겆이", "설거지"),
        (r"희안하", "희한하"),
        (r"왠만", "웬만"),
        (r"웬지", "왠지"),
        (r"어떻해", "어떡해"),
        (r"(일일|틈틈|깨끗)히", r"\1이"),
    )
)

_HANGUL_SYLLABLES = re.compile(r"[가-힣]+")

_lock = threading.Lock()
_kiwi = None


def _analyser():
    """The process's Kiwi, loaded on first use (a few seconds). Call with _lock held."""
    global _kiwi
    if _kiwi is None:
        from kiwipiepy import Kiwi  # heavy: imported only by the process that needs it

        # Single-threaded (num_workers=0): a web worker serves one request at a time. Without
        # the multi-word dictionary (WikiData proper nouns), which spacing and typo hints do not
        # need: the process grows by about 320 MB instead of 510 MB.
        # (0 has meant "single thread" since kiwipiepy 0.21; it still warns that it changed.)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "behavior of `num_workers=0`", DeprecationWarning)
            kiwi = Kiwi(num_workers=0, load_multi_dict=False)
        kiwi.space("준비")  # the spacing model loads lazily too; pay for it here, once
        _kiwi = kiwi
    return _kiwi


def _lines(text: str):
    """(offset, line) for each non-blank line of `text`."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def _words(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", line)]


def _spacing_changes(line: str, spaced: str) -> dict[int, bool] | None:
    """Changed gaps between non-space characters: {index of the character after the gap:
    True (insert a space) / False (remove the space)}. None when `spaced` is not `line` with
    other whitespace (never expected; then no spacing hint for the line)."""
    changes: dict[int, bool] = {}
    j = 0
    first = True
    gap = None  # the original's whitespace since the last character (None: none)
    for i, char in enumerate(line):
        if char.isspace():
            gap = (gap or "") + char
            continue
        gap_new = ""
        while j < len(spaced) and spaced[j].isspace():
            gap_new += spaced[j]
            j += 1
        if j >= len(spaced) or spaced[j] != char:
            return None
        j += 1
        # Only a single plain space is ever removed: a tab or several spaces were meant.
        if not first and (gap is not None) != bool(gap_new) and gap in (None, " "):
            changes[i] = gap is None
        first = False
        gap = None
    return changes


# Spaces Kiwi would insert that 한글 맞춤법 allows to leave out, and that members write together
# on purpose: between nouns of a compound ("디지털마케팅팀", "점심시간"; 제49·50항 allow
# compounds and terms written together), after a number ("3학년", "1.5배", "30%"; 제43항 allows
# a counter to follow an Arabic numeral). A bound noun before another noun stays spaced
# ("3개월 동안").
_COMPOUND_LEFT = frozenset({"NNG", "NNP", "NR", "SN", "SL", "SH", "XPN"})
_COMPOUND_RIGHT = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "XSN"})


def _allowed(changes: dict[int, bool], tokens) -> dict[int, bool]:
    ends = {token.start + token.len: token.tag for token in tokens}
    starts: dict[int, str] = {}
    for token in tokens:
        starts.setdefault(token.start, token.tag)
    kept = {}
    for at, insert in changes.items():
        left, right = ends.get(at), starts.get(at)
        if insert and left and right:
            if left == "SN" or (right.startswith("S") and right not in ("SL", "SH", "SN")):
                continue  # a number and its counter or sign
            if left in _COMPOUND_LEFT and right in _COMPOUND_RIGHT:
                continue
        kept[at] = insert
    return kept


def _spelling_edits(line: str, tokens) -> list[tuple[int, int, str]]:
    """(start, end, replacement) in `line`, non-overlapping, in order."""
    edits: list[tuple[int, int, str]] = []
    for pattern, replacement in _MISSPELLINGS:
        for match in pattern.finditer(line):
            edits.append((match.start(), match.end(), match.expand(replacement)))
    for index, token in enumerate(tokens):
        if token.typo_cost <= 0:
            continue
        start, end = token.start, token.start + token.len
        written = line[start:end]
        neighbours = tokens[index - 1 : index] + tokens[index + 1 : index + 2]
        shared = any(other.start < end and start < other.start + other.len for other in neighbours)
        # Only a whole-syllable correction maps back to the text (a contracted ending such as
        # 'ᆯ' shares its syllable with the stem).
        if shared or written == token.form or not _HANGUL_SYLLABLES.fullmatch(token.form):
            continue
        edits.append((start, end, token.form))
    edits.sort()
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        if kept and edit[0] < kept[-1][1]:
            continue  # overlapping: the first (the list's) wins
        kept.append(edit)
    return kept


def _apply(text: str, edits: list[tuple[int, int, str]], offset: int) -> str:
    out, pos = [], 0
    for start, end, replacement in edits:
        out.append(text[pos : start - offset])
        out.append(replacement)
        pos = end - offset
    out.append(text[pos:])
    return "".join(out)


def _line_hints(line: str, spaced: str, kiwi) -> list[Hint]:
    words = _words(line)
    if not words:
        return []
    tokens = kiwi.tokenize(line, typos="basic")
    changes = _allowed(_spacing_changes(line, spaced) or {}, tokens)
    edits = _spelling_edits(line, tokens)

    # Group words into spans: a removed space joins its two words into one hint.
    spans: list[list[int]] = []  # [start, end] in line
    for start, end in words:
        if spans and changes.get(start) is False:
            spans[-1][1] = end
        else:
            spans.append([start, end])

    hints = []
    for start, end in spans:
        inside = [e for e in edits if start <= e[0] and e[1] <= end]
        spacing = any(start < pos < end for pos in changes)
        if not inside and not spacing:
            continue
        original = line[start:end]
        if inside:
            corrected = _apply(original, inside, start)
            suggestion = kiwi.space(corrected)
            kind = SPELLING
        else:
            suggestion = _respace(original, changes, start)
            kind = SPACING
        if suggestion != original:
            hints.append(Hint(start, end, original, suggestion, kind))
    return hints


def _respace(original: str, changes: dict[int, bool], offset: int) -> str:
    out = []
    for i, char in enumerate(original):
        at = i + offset
        if char == " " and changes.get(at + 1) is False:
            continue
        if changes.get(at) is True:
            out.append(" ")
        out.append(char)
    return "".join(out)


def spelling_hints(text: str) -> list[Hint]:
    """Hints for `text`, in order; `text` itself is never changed. Offsets are characters of
    `text`. Raises ValueError over MAX_CHARS (the view refuses such text first)."""
    if len(text) > MAX_CHARS:
        raise ValueError("text too long")
    lines = list(_lines(text))
    if not lines:
        return []
    hints: list[Hint] = []
    with _lock:
        kiwi = _analyser()
        for offset, line in lines:
            # One line at a time: a batch would need Kiwi's worker threads.
            for hint in _line_hints(line, kiwi.space(line), kiwi):
                hints.append(
                    Hint(
                        hint.start + offset,
                        hint.end + offset,
                        hint.original,
                        hint.suggestion,
                        hint.kind,
                    )
                )
    return hints
