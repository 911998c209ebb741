"""Paste a posting's questions, confirm what was recognised, get a letter with them.

Nothing is stored until the member confirms: the pasted text travels in the forms (never in
the session or the database), so a wrong recognition costs nothing and the text is never lost
on an error.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.decorators import member_required
from coverletters import services
from coverletters.intake.forms import (
    QUESTIONS_MAX,
    LetterDetailsForm,
    PasteForm,
    QuestionRows,
)
from coverletters.intake.recognise import recognise
from coverletters.models import LimitUnit

PREFIX = "q"
NOTHING_FOUND = (
    "문항을 찾지 못했어요. 문항마다 번호(1. 2. …)를 붙이거나 한 줄에 하나씩 붙여 넣어 "
    "주세요. 아래 '직접 적기'로 문항을 하나씩 적을 수도 있어요."
)


@member_required
def paste(request: HttpRequest) -> HttpResponse:
    """GET: the paste box. POST: recognise, then the confirmation form (or the box again with a
    message, the text kept)."""
    if request.method != "POST" or "edit_text" in request.POST:
        form = PasteForm(initial={"text": request.POST.get("text", "")})
        return render(request, "coverletters/intake/paste.html", {"form": form})
    form = PasteForm(request.POST)
    if not form.is_valid():
        return render(request, "coverletters/intake/paste.html", {"form": form}, status=400)
    found = recognise(form.cleaned_data["text"])[:QUESTIONS_MAX]
    if not found:
        form.add_error("text", NOTHING_FOUND)
        return render(request, "coverletters/intake/paste.html", {"form": form}, status=400)
    rows = [
        {"prompt": q.prompt, "limit": q.limit, "limit_unit": q.unit, "minimum": q.minimum}
        for q in found
    ]
    return _confirm_page(request, LetterDetailsForm(), rows, form.cleaned_data["text"])


@member_required
def blank(request: HttpRequest) -> HttpResponse:
    """The confirmation form with one empty row: for a member whose paste was not recognised."""
    return _confirm_page(request, LetterDetailsForm(), [_empty_row()], "")


@require_POST
@member_required
def confirm(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("text", "")
    if "add_row" in request.POST or "remove_row" in request.POST:
        # Rebuild the page from what was typed, without judging it yet.
        rows = _typed_rows(request.POST)
        if "remove_row" in request.POST:
            index = request.POST.get("remove_row", "")
            if index.isdigit() and int(index) < len(rows):
                del rows[int(index)]
        if "add_row" in request.POST and len(rows) < QUESTIONS_MAX:
            rows.append(_empty_row())
        details = LetterDetailsForm(initial=_typed_details(request.POST))
        return _confirm_page(request, details, rows or [_empty_row()], text)
    details = LetterDetailsForm(request.POST)
    formset = QuestionRows(request.POST, prefix=PREFIX)
    if not (details.is_valid() and formset.is_valid()):
        return _confirm_page(request, details, None, text, formset=formset, status=400)
    data = details.cleaned_data
    questions = [
        (row["prompt"], row["limit"], row["limit_unit"]) for row in formset.cleaned_data if row
    ]
    letter = services.letter_create_with_questions(
        request.user,
        title=data["title"],
        job_title=data["job_title"],
        company=data["company"],
        deadline=data["deadline"],
        deadline_time=data["deadline_time"],
        questions=questions,
    )
    messages.success(request, f"문항 {len(questions)}개로 자기소개서를 만들었어요. 이제 써 보세요.")
    return redirect("coverletters:detail", pk=letter.pk)


def _confirm_page(request, details, rows, text, *, formset=None, status=200) -> HttpResponse:
    if formset is None:
        formset = QuestionRows(
            prefix=PREFIX,
            initial=[{k: v for k, v in row.items() if k != "minimum"} for row in rows],
        )
        for form, row in zip(formset.forms, rows, strict=True):
            form.minimum = row.get("minimum")
    return render(
        request,
        "coverletters/intake/confirm.html",
        {"details": details, "formset": formset, "text": text, "max_rows": QUESTIONS_MAX},
        status=status,
    )


def _empty_row() -> dict:
    return {"prompt": "", "limit": None, "limit_unit": LimitUnit.WITH_SPACES}


def _typed_rows(data) -> list[dict]:
    try:
        total = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), QUESTIONS_MAX)
    except ValueError:
        total = 0
    return [
        {
            "prompt": data.get(f"{PREFIX}-{i}-prompt", ""),
            "limit": data.get(f"{PREFIX}-{i}-limit") or None,
            "limit_unit": data.get(f"{PREFIX}-{i}-limit_unit", LimitUnit.WITH_SPACES),
        }
        for i in range(max(total, 0))
    ]


def _typed_details(data) -> dict:
    return {name: data.get(name, "") for name in LetterDetailsForm.base_fields}
