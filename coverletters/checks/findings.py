"""What the pre-submit check reports: one `Finding` per thing to fix, with where it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Callables returning extra company names to guard against (recruiting registers the partner
# list in its AppConfig.ready). Each is called once per check; keep them cheap (cached).
company_names_sources: list[Callable[[], list[str]]] = []

KINDS = ("other_company", "old_title", "empty", "over_limit", "placeholder")


@dataclass(frozen=True)
class Finding:
    kind: str  # "other_company", "old_title", "empty", "over_limit", "placeholder"
    message: str  # Korean, 해요체, shown to the member
    question_id: int | None = None  # None: the letter itself (its title)
    where: str = "answer"  # the field: "answer", "prompt" or "title"
    excerpt: str = ""  # the offending words
    spans: tuple[tuple[int, int], ...] = ()  # character offsets in the field

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "question_id": self.question_id,
            "where": self.where,
            "excerpt": self.excerpt,
            "spans": [list(span) for span in self.spans],
        }
