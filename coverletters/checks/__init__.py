"""The pre-submit check of a cover letter (issue 14): what would embarrass the member in front of
a company — another company's name or the old title left in an answer or a prompt, an empty
answer, an answer over its limit, leftover placeholder text.

The editor runs it as the member types, the apply confirmation and the export run it before
sending. Recruiting (which coverletters may not import) adds the partner companies' names
through `company_names_sources`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Callables returning extra company names to guard against (recruiting registers the partner
# list in its AppConfig.ready).
company_names_sources: list[Callable[[], list[str]]] = []


@dataclass(frozen=True)
class Finding:
    kind: str  # "other_company", "old_title", "empty", "over_limit", "placeholder"
    message: str  # Korean, 해요체, shown to the member
    question_id: int | None = None  # None: the letter itself (its title)
    where: str = "answer"  # the field: "answer", "prompt" or "title"
    excerpt: str = ""  # the offending words
    spans: tuple[tuple[int, int], ...] = ()  # character offsets in the field


def letter_findings(letter, *, company: str | None = None) -> list[Finding]:
    """What to fix before `letter` goes to `company` (by default the letter's own company).
    An empty list: nothing found."""
    return []
