"""A diff a member can read: by sentence, then by word (어절) inside the sentences that changed.

A character or byte diff of Korean text marks stray syllables ("했" → "한") that nobody reads
as a change; a cover letter is revised sentence by sentence, so that is the first unit. Inside a
changed sentence the unit is the 어절 (a whitespace-separated word with its particles), which is
how Korean is spaced and proofread. Whitespace tokens are kept so the text reads as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TERMINATORS = ".?!。"
# Closing marks that belong to the sentence they end: 했습니다." / 했다.) / 「…」
CLOSERS = "\"'”’)）」』]"
# Below this similarity two sentences are not "the same sentence, edited": showing their words
# interleaved would be harder to read than the old one struck out and the new one added.
WORD_DIFF_MIN_RATIO = 0.3

_WORDS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "del" or "ins"
    text: str


def sentences(text: str) -> list[str]:
    """Sentences with their terminator and the whitespace after them, so that joining them
    gives the text back. A line break always ends one; "3.5%" or "Node.js" do not."""
    out: list[str] = []
    start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" or ch in TERMINATORS:
            j = i + 1
            if ch != "\n":
                while j < n and (text[j] in TERMINATORS or text[j] in CLOSERS):
                    j += 1
                if j < n and not text[j].isspace():
                    i = j
                    continue
            while j < n and text[j].isspace():
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        i += 1
    if start < n:
        out.append(text[start:])
    return out


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def _key(sentence: str) -> str:
    return " ".join(sentence.split())


def diff_text(old: str, new: str) -> list[Segment]:
    """Segments that turn `old` into `new`: equal sentences kept whole, changed ones diffed by
    word, unrelated ones deleted and inserted whole."""
    old_s, new_s = sentences(old or ""), sentences(new or "")
    matcher = SequenceMatcher(None, [_key(s) for s in old_s], [_key(s) for s in new_s], False)
    out: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("same", "".join(new_s[b1:b2])))
        elif op == "delete":
            out.append(Segment("del", "".join(old_s[a1:a2])))
        elif op == "insert":
            out.append(Segment("ins", "".join(new_s[b1:b2])))
        else:
            out += _diff_words("".join(old_s[a1:a2]), "".join(new_s[b1:b2]))
    return _merged(out)


def _diff_words(old: str, new: str) -> list[Segment]:
    old_w, new_w = words(old), words(new)
    # Similarity counts words only: the spaces between them always "match".
    similar = SequenceMatcher(None, old.split(), new.split(), False).ratio()
    if similar < WORD_DIFF_MIN_RATIO:
        return [Segment("del", old), Segment("ins", new)]
    matcher = SequenceMatcher(None, old_w, new_w, False)
    out: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("same", "".join(new_w[b1:b2])))
            continue
        if a2 > a1:
            out.append(Segment("del", "".join(old_w[a1:a2])))
        if b2 > b1:
            out.append(Segment("ins", "".join(new_w[b1:b2])))
    return out


def _merged(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if out and out[-1].op == segment.op:
            out[-1] = Segment(segment.op, out[-1].text + segment.text)
        else:
            out.append(segment)
    return out


def is_changed(segments: list[Segment]) -> bool:
    return any(s.op != "same" for s in segments)
