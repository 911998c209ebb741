"""The reason staff give before seeing or exporting members' data: the same check on every
form that asks for one (privacy.staff.reasons)."""

import pytest

from privacy.accesslog.admin import ExportReasonForm
from privacy.retention.forms import RetainedReadForm
from privacy.retention.selectors import ReadGround
from privacy.staff.mixins import RevealForm

FORMS = [
    (RevealForm, {}, 5, "열람 사유를 5자 이상 적어 주세요."),
    (ExportReasonForm, {}, 5, "내보내기 사유를 5자 이상 적어 주세요."),
    (RetainedReadForm, {"ground": ReadGround.values[0]}, 10, "열람 사유를 10자 이상 적어 주세요."),
]


@pytest.mark.parametrize(("form_class", "data", "minimum", "message"), FORMS)
def test_blanks_do_not_count_towards_a_reason(form_class, data, minimum, message):
    padded = "가" + " " * minimum + "나"  # long enough only with its blanks

    form = form_class({**data, "reason": padded})

    assert not form.is_valid() and form.errors["reason"] == [message]


@pytest.mark.parametrize(("form_class", "data", "minimum", "message"), FORMS)
def test_the_reason_is_kept_with_its_blanks_collapsed(form_class, data, minimum, message):
    words = " \n ".join(["요청"] * minimum)

    form = form_class({**data, "reason": f"  {words}  "})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["reason"] == " ".join(["요청"] * minimum)
