"""What a verification of the access log finds: problems, and a summary of each chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from privacy.accesslog.models import AccessLogChain


@dataclass
class Problem:
    chain: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        label = AccessLogChain(self.chain).label
        where = f"일련번호 {self.seq}" if self.seq is not None else "체인 전체"
        return f"[{label}] {where}: {self.message}"


@dataclass
class ChainSummary:
    chain: str
    entries: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    checkpoints: int = 0
    # Checkpoints the witness holds (None: no witness configured, or it could not be read).
    witnessed: int | None = None
    # Format-1 entries whose reason is still stored in the clear (written during a deploy).
    plaintext_reasons: int = 0
    # Entries hashed and checked in this run: all of them in a full run; from the trusted
    # checkpoint's entry on in an incremental one (the rest are counted in `entries`).
    verified: int = 0
    # Incremental: the number of the checkpoint whose signature was trusted (None: full walk).
    trusted_checkpoint: int | None = None


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    chains: list[ChainSummary] = field(default_factory=list)
    # Not tampering, but protection that is not in place: checkpoints the witness does not hold
    # yet, a witness that cannot be read.
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None
