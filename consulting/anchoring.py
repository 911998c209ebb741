"""Feedback anchored to sentences (issue 12): place a consultant's comment again on the member's
later text, or say it is outdated — never place it on the wrong text.

A comment keeps what the consultant saw (the W3C Web Annotation model): a TextQuoteSelector
(the quote, with `prefix` and `suffix`, the text just before and after it) and a
TextPositionSelector (`start`, `end`, offsets in Python `str` characters, so a Hangul syllable
counts one). Nothing is normalised when an anchor is stored; when it is placed, runs of
whitespace count as equal (a reflowed line, a doubled space) and nothing else does.

`locate` tries, in order:

1. **exact** — the quote is still at its old offsets with the same prefix and suffix: placed
   there, no further question.
2. **verbatim** — every occurrence of the quote (runs of whitespace equal) is scored by how well
   the text around it matches the stored prefix and suffix (`difflib` ratio, 0–1, the mean of
   the two sides; a side that was empty because the quote touched the start or end of the text
   carries no information and is left out). The best wins if it beats the runner-up by
   `AMBIGUITY_MARGIN` and enough sides of its context match (`SIDE_MATCH`): both, one for the
   only occurrence of a quote of `SHORT_QUOTE`, none for the only occurrence of one long enough
   to be distinctive (`DISTINCT_QUOTE`). Kind `exact` if it is the old place, else `moved`. If
   the quote occurs but no occurrence can be chosen, the comment is outdated: a fuzzy look
   elsewhere would only find a worse copy of the same words.
3. **fuzzy** — the quote was edited. Each sentence (or run of as many sentences as the quote
   spans) is compared with the quote; inside it, the region the matching blocks cover (snapped to
   word boundaries, or the whole sentence) is scored by `difflib.SequenceMatcher.ratio()`. A
   region is acceptable at `FUZZY_THRESHOLD` and only where each side of its context matches
   (`SIDE_MATCH`) and it is not the text that stood beside the quote (`NEIGHBOUR_SHARE`): a
   letter often holds sibling sentences ("…에서 일정 관리를 맡았습니다" / "…에서 예산 관리를
   맡았습니다"), and an edited quote without its surroundings cannot tell them apart.
   Candidates rank by `FUZZY_WEIGHT` × ratio + the rest × context; two that are not clearly
   apart (`AMBIGUITY_MARGIN`) make the comment outdated.
4. **outdated** — no placement; the anchor still holds the original quote to show under
   "이전 버전에 달린 의견".

Work per comment is bounded: one pass over the text's occurrences of the quote (at most
`MAX_CANDIDATES`, each scored on two short strings), and for the fuzzy step `SequenceMatcher`
only on the sentences whose characters could reach the threshold at all (a `Counter` bound
rules out the rest without running it), the `FUZZY_WINDOWS` most promising of them.
`locate_all` prepares the text once — its whitespace-collapsed form, its sentences and their
character counts — for all of a letter's comments.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from typing import Literal

# Characters of context kept on each side of the quote: enough to tell apart two occurrences of
# a phrase in one letter, short enough that an edit nearby rarely touches both sides.
CONTEXT = 32
# Evidence from the quote itself, in non-whitespace characters (a Korean word is two to four).
# A quote of DISTINCT_QUOTE that occurs exactly once is placed even when both its sides changed
# (the sentence moved to another paragraph); one of SHORT_QUOTE that occurs once needs one side
# of its context; a shorter one ("저는", "경험을"), or a repeated one, needs both, and a quote
# under SHORT_QUOTE is never matched fuzzily: two syllables in common are not evidence.
DISTINCT_QUOTE = 12
SHORT_QUOTE = 8
# The best candidate must beat the runner-up by this much (on a 0–1 score); otherwise the two
# are equally good places and the comment is outdated rather than a guess.
AMBIGUITY_MARGIN = 0.1
# Fuzzy match: SequenceMatcher ratio = 2·matches / (len(quote) + len(region)). One changed word
# in a sentence of 30–60 characters keeps it near 0.85–0.95; 0.75 tolerates about one edit in
# eight characters. Below it, the sentence was rewritten and the comment may no longer apply.
FUZZY_THRESHOLD = 0.75
# A side of a place "matches" its stored context at this ratio; a fuzzy place needs every side
# to match, a verbatim one as many as DISTINCT_QUOTE/SHORT_QUOTE say. An edited sentence keeps
# both its neighbours (up to an edit or two), while a similar sentence, or another "저는", that
# merely stood next to a deleted one keeps only one of them.
SIDE_MATCH = 0.6
# The fuzzy step runs SequenceMatcher on at most this many windows, those whose character bound
# is highest: enough for a letter's sibling sentences, and a bound for a quote spanning many
# sentences (each window then being long).
FUZZY_WINDOWS = 12
# A fuzzy region that shares a run of this fraction of its length with the stored prefix or
# suffix was the quote's neighbour in the snapshot, not the quote (see `was_beside`).
NEIGHBOUR_SHARE = 0.5
# In ranking fuzzy candidates, the quote's own similarity counts more than its context.
FUZZY_WEIGHT = 0.7
# Among fuzzy regions of one sentence, the one snapped to word boundaries is preferred unless
# another scores this much higher.
WORD_PREFERENCE = 0.05
# A quote occurring more often than this (one or two characters in a long letter) cannot be
# placed by its context in bounded time; it is outdated.
MAX_CANDIDATES = 2000

Kind = Literal["exact", "moved", "fuzzy", "outdated"]


@dataclass(frozen=True)
class Anchor:
    """Where a comment was made, in the text the consultant saw (the snapshot)."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int

    def __post_init__(self):
        if not (0 <= self.start < self.end) or self.end - self.start != len(self.quote):
            raise ValueError("an anchor's offsets must span its quote")
        if not self.quote.strip():
            raise ValueError("an anchor's quote must not be only whitespace")


@dataclass(frozen=True)
class Placement:
    """Where an anchor falls in a later text: `start`/`end` are None when `kind` is outdated;
    `reason` says why ("gone", "ambiguous", "too common", "weak context")."""

    kind: Kind
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.kind != "outdated"


def anchor_for(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """The anchor of the selection text[start:end], with `context` characters on each side."""
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"selection {start}:{end} is empty or outside a text of {len(text)}")
    if context < 0:
        raise ValueError("context must not be negative")
    quote = text[start:end]
    if not quote.strip():
        raise ValueError("a selection of only whitespace cannot be commented on")
    return Anchor(
        quote=quote,
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def locate(anchor: Anchor, text: str) -> Placement:
    """Place one anchor on `text` (see the module's docstring for the steps)."""
    return _locate(anchor, _Text(text))


def locate_all(anchors, text: str) -> list[Placement]:
    """Place a letter's comments on `text`, in the order given, preparing the text once."""
    prepared = _Text(text)
    return [_locate(anchor, prepared) for anchor in anchors]


# --- Whitespace-collapsed view -----------------------------------------------------------------


def _collapse(text: str) -> tuple[str, list[int], list[int], list[int]]:
    """`text` with each run of whitespace as one space, and the maps between the two: for each
    collapsed character, the original [start, end) it stands for; for each original offset
    (and len(text)), the collapsed character it falls in."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = [0] * (len(text) + 1)
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if text[i].isspace():
            while j < n and text[j].isspace():
                j += 1
            out.append(" ")
        else:
            out.append(text[i])
        for k in range(i, j):
            at[k] = len(starts)
        starts.append(i)
        ends.append(j)
        i = j
    at[n] = len(starts)
    return "".join(out), starts, ends, at


def normalize_whitespace(text: str) -> str:
    """`text` with each run of whitespace (as `str.isspace` knows it) as one space."""
    return _collapse(text)[0]


# Sentence ends: . ? ! 。 ？ ！ … (with closing quotes or brackets) before whitespace or the end;
# 다/요 followed by punctuation even without a space ("했다.그리고"); and every line break.
_SENTENCE_END = re.compile(
    r"""[.?!。？！…]+["'”’」』)\]]*(?=\s|$)|(?<=[다요])[.?!。？！]+(?=\S)|\n"""
)


def sentences(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence of `text`, without surrounding whitespace."""
    spans = []
    begin = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        stop = m.end() if m else len(text)
        chunk = text[begin:stop]
        stripped = chunk.strip()
        if stripped:
            s = begin + (len(chunk) - len(chunk.lstrip()))
            spans.append((s, s + len(stripped)))
        begin = stop
    return spans


def _mean(scores: list[float]) -> float:
    """A place's context score: the mean of its sides (1.0 when neither side has a context)."""
    return sum(scores) / len(scores) if scores else 1.0


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class _Text:
    """A text prepared once for any number of anchors."""

    def __init__(self, text: str):
        self.text = text
        self.norm, self.starts, self.ends, self.at = _collapse(text)

    @cached_property
    def sentences(self) -> list[tuple[int, int, Counter]]:
        """Sentences as collapsed [start, end) with their character counts."""
        out = []
        for s, e in sentences(self.text):
            ns, ne = self.at[s], self.at[e - 1] + 1
            out.append((ns, ne, Counter(self.norm[ns:ne])))
        return out

    def span(self, ni: int, nj: int) -> tuple[int, int]:
        """The original [start, end) of collapsed [ni, nj)."""
        return self.starts[ni], self.ends[nj - 1]

    def occurrences(self, needle: str) -> list[int] | None:
        """Collapsed offsets of every occurrence of `needle`; None past MAX_CANDIDATES."""
        found = []
        i = self.norm.find(needle)
        while i >= 0:
            found.append(i)
            if len(found) > MAX_CANDIDATES:
                return None
            i = self.norm.find(needle, i + 1)
        return found


@dataclass(frozen=True)
class _Selector:
    """An anchor as matching sees it: the quote's core (collapsed, without the whitespace at its
    edges), the whitespace it had there, and its collapsed context on each side (None for a side
    that was empty: the quote touched the start or end of the text)."""

    core: str
    lead: str
    trail: str
    before: str | None
    after: str | None

    @classmethod
    def of(cls, anchor: Anchor) -> _Selector:
        q = anchor.quote
        core = q.strip()
        lead = q[: len(q) - len(q.lstrip())]
        trail = q[len(q.rstrip()) :]
        return cls(
            core=normalize_whitespace(core),
            lead=lead,
            trail=trail,
            before=normalize_whitespace(anchor.prefix + lead) if anchor.prefix else None,
            after=normalize_whitespace(trail + anchor.suffix) if anchor.suffix else None,
        )

    def sides(self, t: _Text, ni: int, nj: int) -> list[float]:
        """How well the collapsed text on each side of core [ni, nj) matches the stored context,
        for the sides that have one."""
        scores = []
        if self.before is not None:
            scores.append(_ratio(self.before, t.norm[max(0, ni - len(self.before)) : ni]))
        if self.after is not None:
            scores.append(_ratio(self.after, t.norm[nj : nj + len(self.after)]))
        return scores

    def was_beside(self, region: str) -> bool:
        """Whether `region` is mostly text the stored context already held: a sentence that
        stood next to the quote, which inherits the quote's surroundings when the quote is
        deleted — never the quote's edited form."""
        for side in (self.before, self.after):
            if side:
                m = SequenceMatcher(None, region, side, autojunk=False).find_longest_match()
                if m.size >= SHORT_QUOTE and m.size >= NEIGHBOUR_SHARE * len(region):
                    return True
        return False

    def widen(self, t: _Text, s: int, e: int) -> tuple[int, int]:
        """The core's span widened to the quote's own edge whitespace, where the text has it."""
        if t.text[max(0, s - len(self.lead)) : s] == self.lead:
            s -= len(self.lead)
        if t.text[e : e + len(self.trail)] == self.trail:
            e += len(self.trail)
        return s, e


def _outdated(reason: str) -> Placement:
    return Placement("outdated", reason=reason)


def _locate(anchor: Anchor, t: _Text) -> Placement:
    text = t.text
    a = anchor
    if (
        text[a.start : a.end] == a.quote
        and text[max(0, a.start - len(a.prefix)) : a.start] == a.prefix
        and text[a.end : a.end + len(a.suffix)] == a.suffix
    ):
        return Placement("exact", a.start, a.end, 1.0)

    sel = _Selector.of(anchor)
    found = t.occurrences(sel.core)
    if found is None:
        return _outdated("too common")
    if found:
        return _verbatim(anchor, sel, t, found)
    return _fuzzy(anchor, sel, t)


def _decide(ranked: list[tuple[float, int, int]], merge_overlaps: bool = False) -> str:
    """'' if the best of `ranked` (score, start, end; best first) is clearly better than the
    runner-up, else 'ambiguous'. With `merge_overlaps` (fuzzy regions), a region overlapping the
    best is the same place seen through another window, not a rival."""
    best, bs, be = ranked[0]
    for score, s, e in ranked[1:]:
        if merge_overlaps and s < be and bs < e:
            continue
        return "ambiguous" if best - score < AMBIGUITY_MARGIN else ""
    return ""


def _verbatim(anchor: Anchor, sel: _Selector, t: _Text, found: list[int]) -> Placement:
    ranked = []
    sides = {}
    for ni in found:
        nj = ni + len(sel.core)
        s, e = sel.widen(t, *t.span(ni, nj))
        sides[s, e] = sel.sides(t, ni, nj)
        ranked.append((_mean(sides[s, e]), s, e))
    ranked.sort(key=lambda r: -r[0])
    if reason := _decide(ranked):
        return _outdated(reason)
    score, s, e = ranked[0]
    size = len(sel.core.replace(" ", "")) if len(found) == 1 else 0
    sides_needed = 0 if size >= DISTINCT_QUOTE else 1 if size >= SHORT_QUOTE else 2
    if sum(side >= SIDE_MATCH for side in sides[s, e]) < min(sides_needed, len(sides[s, e])):
        return _outdated("weak context")
    same = (s, e) == (anchor.start, anchor.end) and t.text[s:e] == anchor.quote
    return Placement("exact" if same else "moved", s, e, round(score, 3))


def _fuzzy(anchor: Anchor, sel: _Selector, t: _Text) -> Placement:
    q = sel.core
    if len(q.replace(" ", "")) < SHORT_QUOTE:
        return _outdated("gone")
    # A quote over k sentences is looked for in runs of k sentences, never across more.
    k = max(1, len(sentences(q)))
    q_count = Counter(q)
    windows = []
    sents = t.sentences
    for i in range(len(sents) - k + 1):
        counts = sents[i][2] if k == 1 else sum((c for _, _, c in sents[i : i + k]), Counter())
        # Upper bound of any region's ratio: it can share at most `common` characters with q.
        common = sum((q_count & counts).values())
        bound = 2 * common / (len(q) + common)
        if bound >= FUZZY_THRESHOLD:
            windows.append((bound, sents[i][0], sents[i + k - 1][1]))
    windows.sort(key=lambda w: -w[0])
    snap_left = not anchor.prefix or anchor.prefix[-1].isspace() or bool(sel.lead)
    snap_right = not anchor.suffix or anchor.suffix[0].isspace() or bool(sel.trail)
    ranked = []
    for _, ws, we in windows[:FUZZY_WINDOWS]:
        region = _best_region(q, t.norm[ws:we], snap_left, snap_right)
        if region is None:
            continue
        ratio, ra, rb = region
        ni, nj = ws + ra, ws + rb
        sides = sel.sides(t, ni, nj)
        if ratio < FUZZY_THRESHOLD or min(sides, default=1.0) < SIDE_MATCH:
            continue
        if sel.was_beside(t.norm[ni:nj]):
            continue
        s, e = t.span(ni, nj)
        ranked.append((FUZZY_WEIGHT * ratio + (1 - FUZZY_WEIGHT) * _mean(sides), s, e))
    if not ranked:
        return _outdated("gone")
    ranked.sort(key=lambda r: -r[0])
    if reason := _decide(ranked, merge_overlaps=True):
        return _outdated(reason)
    score, s, e = ranked[0]
    return Placement("fuzzy", s, e, round(score, 3))


def _best_region(q: str, w: str, snap_left: bool, snap_right: bool):
    """(ratio, start, end) of the part of window `w` most like `q`: the stretch its matching
    blocks cover, that stretch snapped to word boundaries, or the whole window. The snapped
    stretch wins unless it is worse by more than WORD_PREFERENCE: a consultant selects whole
    words, and a changed first or last word belongs to the comment."""
    blocks = [
        b for b in SequenceMatcher(None, w, q, autojunk=False).get_matching_blocks() if b.size
    ]
    if not blocks:
        return None
    solid = [b for b in blocks if b.size >= 2] or blocks
    a, b = solid[0].a, solid[-1].a + solid[-1].size
    sa = w.rfind(" ", 0, a) + 1 if snap_left else a
    sb = w.find(" ", b) if snap_right else b
    best = None
    for (ra, rb), bonus in (
        ((sa, len(w) if sb < 0 else sb), WORD_PREFERENCE),
        ((a, b), 0.0),
        ((0, len(w)), 0.0),
    ):
        while ra < rb and w[ra] == " ":
            ra += 1
        while rb > ra and w[rb - 1] == " ":
            rb -= 1
        if ra == rb:
            continue
        r = _ratio(q, w[ra:rb])
        if best is None or r + bonus > best[0] + best[3]:
            best = (r, ra, rb, bonus)
    return best[:3] if best else None
