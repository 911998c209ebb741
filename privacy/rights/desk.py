"""The officer's steps as the desk offers them (privacy.rights.admin): each step's button, its
page when it asks for a note, a result or grounds, and the service it calls (privacy.rights.steps,
which alone decides which steps fit a request's state)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from privacy.rights import steps
from privacy.rights.forms import RefuseForm, StepNoteForm


@dataclass(frozen=True)
class DeskStep:
    name: str
    short: str  # its button on the change page and its name in the list's column
    title: str  # its page when it asks for a note, a result or grounds
    help_text: str
    form: Callable | None  # (data or None) -> form, when the step needs one
    apply: Callable  # (request row, officer, cleaned data) -> None; may raise RightsError


_REFUSAL_HELP = (
    "사유와 이의 제기 방법 없이는 거절할 수 없어요 (개인정보 보호법 시행령 제42조·제44조). "
    "요청인에게 그대로 보여요."
)

DESK_STEPS = {
    step.name: step
    for step in (
        DeskStep(
            name="verify_identity",
            short="본인 확인 · 처리 시작",
            title="본인(대리인) 확인 완료 · 처리 시작",
            help_text="",
            form=None,
            apply=lambda obj, actor, data: steps.rights_request_verify_identity(
                request=obj, actor=actor
            ),
        ),
        DeskStep(
            name="pause",
            short="보완 요청",
            title="보완 요청 · 기한 정지",
            help_text=(
                "요청인의 회신을 기다리는 동안 처리 기한이 멈춰요. "
                "회원에게 이 내용이 알림으로 보여요."
            ),
            form=lambda data: StepNoteForm(
                data, note_required=True, note_label="요청인에게 요청한 자료"
            ),
            apply=lambda obj, actor, data: steps.rights_request_pause(
                request=obj, actor=actor, note=data["note"]
            ),
        ),
        DeskStep(
            name="resume",
            short="처리 재개",
            title="요청인 회신 · 처리 재개",
            help_text="",
            form=None,
            apply=lambda obj, actor, data: steps.rights_request_resume(request=obj, actor=actor),
        ),
        DeskStep(
            name="complete",
            short="처리 완료",
            title="처리 완료",
            help_text=(
                "삭제 요구를 완료하면 회원 탈퇴와 같은 경로로 계정과 모든 정보가 즉시 "
                "파기돼요. 되돌릴 수 없어요."
            ),
            form=lambda data: StepNoteForm(data, note_label="처리 결과 (요청인에게 보여요)"),
            apply=lambda obj, actor, data: steps.rights_request_complete(
                request=obj, actor=actor, result=data["note"]
            ),
        ),
        DeskStep(
            name="partly_complete",
            short="일부 처리",
            title="일부 처리 (나머지 거절)",
            help_text=_REFUSAL_HELP,
            form=lambda data: RefuseForm(data, partly=True),
            apply=lambda obj, actor, data: steps.rights_request_complete(
                request=obj,
                actor=actor,
                partly=True,
                result=data["result"],
                grounds=data["grounds"],
                objection=data["objection"],
            ),
        ),
        DeskStep(
            name="refuse",
            short="거절",
            title="거절",
            help_text=_REFUSAL_HELP,
            form=lambda data: RefuseForm(data),
            apply=lambda obj, actor, data: steps.rights_request_refuse(
                request=obj, actor=actor, grounds=data["grounds"], objection=data["objection"]
            ),
        ),
    )
}
