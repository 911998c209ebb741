"""What changed between two versions of the policy: difflib over paragraphs, and over words
inside a changed paragraph. Returns plain data; the template escapes every piece of text and
marks the changes with <ins>/<del>, so nothing here builds HTML."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

CONTEXT = 1  # unchanged paragraphs shown around each change


@dataclass
class Segment:
    op: str  # "equal" | "ins" | "del"
    text: str


@dataclass
class Block:
    kind: str  # "equal" | "insert" | "delete" | "replace" | "skip"
    text: str = ""
    segments: list[Segment] = field(default_factory=list)
    skipped: int = 0


def paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _words(paragraph: str) -> list[str]:
    return re.findall(r"\S+\s*", paragraph)


def inline_diff(old: str, new: str) -> list[Segment]:
    a, b = _words(old), _words(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("ins", "".join(b[j1:j2])))
    return segments


def policy_diff(old_text: str, new_text: str) -> list[Block]:
    a, b = paragraphs(old_text), paragraphs(new_text)
    blocks: list[Block] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = a[i1:i2]
            head = same[:CONTEXT] if index > 0 else []
            tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(head) + len(tail) >= len(same):
                blocks.extend(Block("equal", text=p) for p in same)
                continue
            blocks.extend(Block("equal", text=p) for p in head)
            blocks.append(Block("skip", skipped=len(same) - len(head) - len(tail)))
            blocks.extend(Block("equal", text=p) for p in tail)
        elif op == "insert":
            blocks.extend(Block("insert", text=p) for p in b[j1:j2])
        elif op == "delete":
            blocks.extend(Block("delete", text=p) for p in a[i1:i2])
        else:  # replace: pair paragraphs up and show the words that changed
            old, new = a[i1:i2], b[j1:j2]
            for k in range(max(len(old), len(new))):
                if k < len(old) and k < len(new):
                    blocks.append(Block("replace", segments=inline_diff(old[k], new[k])))
                elif k < len(old):
                    blocks.append(Block("delete", text=old[k]))
                else:
                    blocks.append(Block("insert", text=new[k]))
    return blocks


def has_changes(blocks: list[Block]) -> bool:
    return any(block.kind not in ("equal", "skip") for block in blocks)
