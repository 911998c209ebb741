"""What must happen when a member withdraws: each app registers its steps, under named stages.

The stages are declared here, once, in the order they run; an app only says which stage its
step belongs to. Within a stage, steps run in the order they were registered, which is the
order of INSTALLED_APPS (privacy.registry.discovery imports every app's `privacy.py` in it)
and, within a module, the order of its lines. `withdrawal_registry.steps()` is the plan, and
tests/privacy/test_withdrawal_registry.py states it step by step.

    from privacy.withdrawal.registry import Stage, withdrawal_registry

    @withdrawal_registry.register(Stage.END, "consulting.end_engagements")
    def _end_engagements(*, member, now):
        Engagement.objects.filter(member_id=member.pk, ended_at=None).update(ended_at=now)

A step takes the member (not yet marked withdrawn) and the withdrawal's moment, keyword only,
and runs inside the withdrawal's transaction: if any step fails, none of them happened.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass


class Stage(enum.Enum):
    """The stages of a withdrawal's first transaction, in the order they run."""

    # Copy what the policy keeps after withdrawal (지원 내역, 입사 제안: 5 years) to the separate
    # retention store, under a key of its own: it must be read before the member's key goes.
    RETAIN = "retain"
    # Destroy the member's data key (crypto-shredding): from this commit on no copy of their
    # ciphertext, backups included, can be read.
    SHRED = "shred"
    # End what runs: sessions, consulting engagements, queued KakaoTalk messages, and the
    # Kakao unlink call queued while the link can still be read (the link itself goes in
    # ACCOUNT).
    END = "end"
    # Mark the records whose own retention clock starts at withdrawal (usage: 3 months).
    CLOCK = "clock"
    # The Kakao link goes; the account is marked withdrawn, name and phone blanked; the rows
    # go in the second step.
    ACCOUNT = "account"


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage)}

# run(member=..., now=...): the member being withdrawn and the withdrawal's moment.
StepFunction = Callable[..., object]


@dataclass(frozen=True)
class WithdrawalStep:
    stage: Stage
    name: str  # "<app label>.<what it does>", e.g. "accounts.end_sessions"
    run: StepFunction


class WithdrawalRegistry:
    def __init__(self) -> None:
        self._steps: dict[str, WithdrawalStep] = {}

    def register(self, stage: Stage, name: str, run: StepFunction | None = None):
        """Register `run` as the step `name` of `stage`; without `run`, a decorator.

        A name, or a function, registered twice is refused: it would run twice, or a
        module imported under two names would register its steps again."""
        if run is None:
            return lambda function: self.register(stage, name, function)
        if not isinstance(stage, Stage):
            raise TypeError(f"withdrawal step {name!r}: {stage!r} is not a Stage")
        if not name or not callable(run):
            raise ValueError(f"withdrawal step {name!r}: a name and a function are needed")
        if name in self._steps:
            raise ValueError(f"withdrawal step {name!r} is registered already")
        for step in self._steps.values():
            if step.run is run:
                raise ValueError(f"withdrawal step {name!r}: the function is {step.name!r} already")
        self._steps[name] = WithdrawalStep(stage=stage, name=name, run=run)
        return run

    def steps(self) -> list[WithdrawalStep]:
        """Every step, in the order a withdrawal runs them: by stage, then as registered."""
        return sorted(self._steps.values(), key=lambda step: STAGE_ORDER[step.stage])

    def empty_stages(self) -> list[Stage]:
        registered = {step.stage for step in self._steps.values()}
        return [stage for stage in Stage if stage not in registered]


withdrawal_registry = WithdrawalRegistry()
