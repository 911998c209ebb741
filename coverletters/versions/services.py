"""Writing letter versions. `letter_submitted_copy` is what recruiting calls in the application's
transaction and what the export views call."""

from __future__ import annotations


def letter_submitted_copy(letter, *, reason: str, label: str) -> int | None:
    """Keep a 제출본 of `letter` as it is now; `reason` is "application" or "export", `label`
    the Korean name shown in the version list (e.g. "한빛은행 지원 제출본"). Returns the new
    version's id (None until versions exist)."""
    return None
