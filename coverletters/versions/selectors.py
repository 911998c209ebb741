"""Reading letter versions: the list, and two sides of a comparison."""

from __future__ import annotations

from dataclasses import dataclass, field

from coverletters.counting import count
from coverletters.models import CoverLetter
from coverletters.versions.diff import Segment, diff_text, is_changed
from coverletters.versions.models import LetterVersion
from coverletters.versions.services import letter_snapshot

CURRENT = "current"


def letter_versions(letter: CoverLetter) -> list[LetterVersion]:
    versions = list(LetterVersion.objects.filter(letter=letter))
    for version in versions:
        version.letter = letter  # the owner, for decryption: no query per row
    return versions


@dataclass
class Side:
    key: str  # "current" or a version's id
    name: str
    snapshot: dict
    version: LetterVersion | None = None


def side(letter: CoverLetter, key: str | None, versions: list[LetterVersion]) -> Side | None:
    """One side of a comparison, or None when `key` names no version of this letter."""
    if key in (None, "", CURRENT):
        return Side(CURRENT, "지금 글", letter_snapshot(letter))
    version = next((v for v in versions if str(v.pk) == key), None)
    if version is None:
        return None
    name = f"{version.kind_label} · {version.label}" if version.label else version.kind_label
    return Side(str(version.pk), name, version.snapshot or {}, version)


@dataclass
class QuestionDiff:
    number: int
    prompt: str
    prompt_changed: bool
    segments: list[Segment]
    changed: bool
    state: str  # "both", "added" (only in the newer side), "removed" (only in the older one)
    old_length: int
    new_length: int
    limit: int | None = None
    unit_suffix: str = "자"


@dataclass
class Comparison:
    old: Side
    new: Side
    title_segments: list[Segment]
    title_changed: bool
    questions: list[QuestionDiff] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.title_changed or any(q.changed for q in self.questions)


def compare(old: Side, new: Side) -> Comparison:
    old_qs = {q.get("id"): q for q in old.snapshot.get("questions") or []}
    new_qs = list(new.snapshot.get("questions") or [])
    seen = set()
    rows: list[QuestionDiff] = []
    for q in new_qs:
        before = old_qs.get(q.get("id"))
        seen.add(q.get("id"))
        rows.append(_row(len(rows) + 1, before, q))
    for key, q in old_qs.items():
        if key not in seen:
            rows.append(_row(len(rows) + 1, q, None))
    title = diff_text(old.snapshot.get("title") or "", new.snapshot.get("title") or "")
    return Comparison(old, new, title, is_changed(title), rows)


def _row(number: int, before: dict | None, after: dict | None) -> QuestionDiff:
    old_answer = (before or {}).get("answer") or ""
    new_answer = (after or {}).get("answer") or ""
    segments = diff_text(old_answer, new_answer)
    state = "both" if before and after else ("added" if after else "removed")
    shown = after or before or {}
    unit = shown.get("unit") or "with_spaces"
    return QuestionDiff(
        number=number,
        prompt=shown.get("prompt") or "",
        prompt_changed=bool(before and after and before.get("prompt") != after.get("prompt")),
        segments=segments,
        changed=is_changed(segments) or state != "both",
        state=state,
        old_length=count(old_answer).of(unit),
        new_length=count(new_answer).of(unit),
        limit=shown.get("limit"),
        unit_suffix="바이트" if unit.endswith("bytes") else "자",
    )
