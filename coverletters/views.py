import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import member_required
from core.throttle import throttled
from coverletters import checks, markup, panels, selectors, services
from coverletters import docx as docx_export
from coverletters.counting import count
from coverletters.forms import (
    AnswerSaveForm,
    CoverLetterForm,
    DuplicateForm,
    ExperienceLinkForm,
    QuestionForm,
)
from coverletters.models import AnswerVersion, CoverLetter, Question
from coverletters.versions.diff import diff_text
from coverletters.versions.services import letter_submitted_copy


def _letter(request: HttpRequest, pk: int) -> CoverLetter:
    # Another member's letter does not exist for this member: 404, never 403.
    return get_object_or_404(CoverLetter, pk=pk, member=request.user)


def _editor_letter(request: HttpRequest, pk: int) -> CoverLetter:
    """The member's letter with its questions and linked experiences prefetched; 404 otherwise."""
    try:
        return selectors.cover_letter_for_editor(request.user, pk)
    except CoverLetter.DoesNotExist:
        raise Http404 from None


def _question(request: HttpRequest, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("cover_letter"), pk=pk, cover_letter__member=request.user
    )


@member_required
def letter_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.cover_letter_list(request.user)
    # Each row's markup built in Python (coverletters/markup.py), not through the template
    # language once per letter (issue 16).
    return render(
        request,
        "coverletters/list.html",
        {"rows": rows, "rows_html": SafeString("".join(markup.letter_row(r) for r in rows))},
    )


@member_required
def letter_create(request: HttpRequest) -> HttpResponse:
    form = CoverLetterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        letter = form.save(commit=False)
        letter.member = request.user
        letter.save()
        messages.success(request, "자기소개서를 만들었어요. 이제 문항을 추가해 보세요.")
        return redirect("coverletters:detail", pk=letter.pk)
    return render(request, "coverletters/letter_form.html", {"form": form, "letter": None})


@member_required
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    form = CoverLetterForm(request.POST if request.method == "POST" else None, instance=letter)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "공고 정보를 저장했어요.")
        return redirect("coverletters:detail", pk=letter.pk)
    return render(request, "coverletters/letter_form.html", {"form": form, "letter": letter})


@functools.cache
def _question_fields() -> str:
    return render_to_string("coverletters/_question_fields.html", {"question_form": QuestionForm()})


def question_fields() -> str:
    """The editor's add-question fields. Unbound, they are the same for every member and page:
    rendered once per process (Django's widgets render through templates, a tenth of the
    editor), except in development, where templates change under a running server."""
    if settings.DEBUG:
        return _question_fields.__wrapped__()
    return _question_fields()


@member_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _editor_letter(request, pk)
    questions = list(letter.questions.all())
    # What apps above coverletters show beside each answer (consulting's feedback): see
    # coverletters/panels.py.
    shown = panels.editor_panels(request, letter, questions)
    shared = markup.page(csrf_input(request))
    last = len(questions)
    for n, question in enumerate(questions, start=1):
        question.editor_panels = shown.of(question.pk)
        question.top = markup.question_top(question, n, first=n == 1, last=n == last, page=shared)
        question.bottom = markup.question_bottom(question, n, page=shared)
    return render(
        request,
        "coverletters/detail.html",
        {
            "letter": letter,
            "questions": questions,
            "panel_scripts": shown.scripts,
            "panel_styles": shown.styles,
            "dday": selectors.dday_label(letter.deadline),
            "question_fields": question_fields(),
            "csrf_input": shared.csrf,
            # Where the editor sends a member whose session expired: sign in, come back here,
            # and the draft kept in the browser is saved (static/js/editor.js).
            "signin_url": (
                f"{resolve_url(settings.LOGIN_URL)}?"
                f"{urlencode({REDIRECT_FIELD_NAME: letter.get_absolute_url()})}"
            ),
        },
    )


@member_required
def letter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    if request.method == "POST":
        letter.delete()
        messages.success(request, "자기소개서를 삭제했어요.")
        return redirect("coverletters:list")
    return render(request, "coverletters/confirm_delete.html", {"letter": letter})


@member_required
def letter_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """다른 회사용 사본 만들기: the new company (and title, job, deadline) first, then the copy
    opens in the editor with the guard's findings for the old company's name and title."""
    source = _letter(request, pk)
    # The editor's old button posts nothing but the token: that asks, it does not copy.
    bound = request.method == "POST" and "company" in request.POST
    form = DuplicateForm(
        request.POST if bound else None,
        source=source,
        initial={"title": source.title, "job_title": source.job_title},
    )
    if bound and form.is_valid():
        data = form.cleaned_data
        copy = services.cover_letter_duplicate(
            cover_letter=source,
            company=data["company"],
            title=data["title"],
            job_title=data["job_title"],
            deadline=data["deadline"],
            deadline_time=data["deadline_time"],
        )
        found = checks.letter_findings(
            copy, old_companies=[source.company], old_titles=[source.title]
        )
        if found:
            messages.warning(
                request,
                f"{copy.company}용 사본을 만들었어요. 고칠 곳 {len(found)}군데를 "
                "아래 '제출 전 확인'에서 알려 드려요.",
            )
        else:
            messages.success(request, f"{copy.company}용 사본을 만들었어요.")
        return redirect(f"{copy.get_absolute_url()}?{urlencode({'from': source.pk})}#letter-check")
    return render(request, "coverletters/duplicate_form.html", {"form": form, "letter": source})


def _check_context(request: HttpRequest, letter: CoverLetter) -> dict:
    """The findings of `letter` for the member, with the letter it was copied from (?from=, the
    member's own only) guarded too."""
    old_companies, old_titles = [], []
    source_pk = request.GET.get("from", "")
    if source_pk.isdigit() and int(source_pk) != letter.pk:
        source = CoverLetter.objects.filter(pk=int(source_pk), member=request.user).first()
        if source is not None:
            old_companies, old_titles = [source.company], [source.title]
    return {
        "findings": checks.letter_findings(
            letter, old_companies=old_companies, old_titles=old_titles
        ),
        "numbers": {q.pk: n for n, q in enumerate(letter.questions.all(), start=1)},
    }


# The check reads the member's other letters and the partner list and scans every answer: about
# 0.1 s of CPU for 50 long answers. The editor asks once per typing pause (debounced), so 60 a
# minute is far above one member's use, and far below a loop's.
CHECKS_PER_MINUTE = 60
CHECKS_TOO_OFTEN = "검사를 너무 자주 했어요. 1분 뒤에 다시 확인해 주세요."


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def letter_check(request: HttpRequest, pk: int) -> JsonResponse:
    """The pre-submit check as JSON, for the editor (static/js/letter-check.js). GET checks the
    saved text; POST checks the text in the editor now (`answer-<question id>` fields), which
    autosave may not have stored yet, and stores nothing."""
    letter = _editor_letter(request, pk)
    if throttled("letter-check", request.user.pk, per_minute=CHECKS_PER_MINUTE):
        return JsonResponse({"error": CHECKS_TOO_OFTEN}, status=429, headers={"Retry-After": "60"})
    if request.method == "POST":
        for question in letter.questions.all():
            text = request.POST.get(f"answer-{question.pk}")
            if text is not None:
                question.answer = text[: AnswerSaveForm.base_fields["answer"].max_length]
    context = _check_context(request, letter)
    return JsonResponse(
        {
            "count": len(context["findings"]),
            "findings": [
                {**finding.as_dict(), "number": context["numbers"].get(finding.question_id)}
                for finding in context["findings"]
            ],
        }
    )


EXPORTS = {"docx": "Word(.docx) 파일", "print": "인쇄용 보기"}


@member_required
def letter_export_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Before a .docx download or the print view: what the check finds, with links back to the
    editor and "그래도 내려받기". Nothing found: straight on to the export."""
    letter = _editor_letter(request, pk)
    target = request.GET.get("to", "docx")
    if target not in EXPORTS:
        target = "docx"
    export_url = resolve_url(f"coverletters:{target}", pk=letter.pk)
    context = _check_context(request, letter)
    if not context["findings"]:
        return redirect(export_url)
    return render(
        request,
        "coverletters/export_check.html",
        {
            "letter": letter,
            "findings": context["findings"],
            "numbers": context["numbers"],
            "target": target,
            "target_label": EXPORTS[target],
            "export_url": export_url,
        },
    )


@member_required
def letter_print(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _editor_letter(request, pk)
    questions = list(letter.questions.all())
    for question in questions:
        # Counted on the question's own basis, the one its limit is in: "한글 2바이트 기준
        # 1,125바이트 / 제한 1,000바이트 · 125바이트 초과했어요".
        unit, short = question.limit_unit, checks.UNIT_SHORT.get(question.limit_unit, "자")
        over = checks.over_by(question.answer, question.limit, unit)
        question.print_count = checks.limit_label(question.counts.of(unit), unit)
        question.print_limit = f"{question.limit:,}{short}" if question.limit else ""
        question.print_over = f"{over:,}{short}" if over else ""
    letter_submitted_copy(letter, reason="export", label="인쇄용으로 내보낸 제출본")
    return render(
        request,
        "coverletters/print.html",
        {
            "letter": letter,
            "questions": questions,
            "over_count": sum(1 for q in questions if q.print_over),
            "printed_at": timezone.localtime(),
        },
    )


@member_required
def letter_docx(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _editor_letter(request, pk)
    letter_submitted_copy(letter, reason="export", label="Word(.docx)로 내보낸 제출본")
    response = HttpResponse(
        docx_export.render(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = docx_export.content_disposition(letter)
    return response


@require_POST
@member_required
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        services.question_create(
            cover_letter=letter,
            prompt=form.cleaned_data["prompt"],
            limit=form.cleaned_data["limit"],
            limit_unit=form.cleaned_data["limit_unit"],
        )
        messages.success(request, "문항을 추가했어요.")
        return redirect("coverletters:detail", pk=letter.pk)
    return render(
        request,
        "coverletters/question_form.html",
        {"form": form, "letter": letter, "question": None},
    )


@member_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "문항을 저장했어요.")
        return redirect("coverletters:detail", pk=question.cover_letter_id)
    return render(
        request,
        "coverletters/question_form.html",
        {"form": form, "letter": question.cover_letter, "question": question},
    )


@member_required
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    if request.method == "POST":
        question.delete()
        messages.success(request, "문항을 삭제했어요.")
        return redirect("coverletters:detail", pk=question.cover_letter_id)
    return render(
        request,
        "coverletters/confirm_delete.html",
        {"question": question, "letter": question.cover_letter},
    )


@require_POST
@member_required
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    services.question_move(
        question=question, direction=-1 if request.POST.get("dir") == "up" else 1
    )
    return redirect(f"{question.cover_letter.get_absolute_url()}#q-{question.pk}")


@require_POST
@member_required
def answer_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave endpoint (JSON): 200 saved; 409 another tab saved first (nothing overwritten);
    400 invalid (the text stays in the browser). Without JavaScript the same form posts here
    and gets a redirect back with a message."""
    try:
        question = selectors.question_for_autosave(request.user, pk)
    except Question.DoesNotExist:
        raise Http404 from None
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = AnswerSaveForm(request.POST)
    if not form.is_valid():
        first_error = next(iter(form.errors.values()))[0]
        if wants_json:
            return JsonResponse({"error": first_error}, status=400)
        messages.error(request, f"저장하지 못했어요: {first_error}")
        return render(
            request,
            "coverletters/answer_rejected.html",
            {
                "question": question,
                "letter": question.cover_letter,
                "text": request.POST.get("answer", ""),
            },
            status=400,
        )
    result = services.answer_save(
        question=question,
        text=form.cleaned_data["answer"],
        base_revision=form.cleaned_data["revision"],
    )
    conflict_message = (
        "다른 창에서 이 답변을 먼저 저장했어요. 지금 쓰던 글은 덮어쓰지 않고 "
        "버전 기록에 따로 보관했어요."
    )
    if not wants_json:
        if result.saved:
            messages.success(request, "답변을 저장했어요.")
        else:
            messages.error(request, conflict_message)
        return redirect(f"{question.cover_letter.get_absolute_url()}#q-{question.pk}")
    body = {
        "revision": result.revision,
        "saved_at": timezone.localtime().strftime("%H:%M:%S"),
        "counts": count(result.answer).as_dict(),
    }
    if not result.saved:
        body.update(conflict=True, answer=result.answer, message=conflict_message)
        return JsonResponse(body, status=409)
    return JsonResponse(body)


@never_cache
@require_GET
@member_required
def autosave_session(request: HttpRequest) -> JsonResponse:
    """The editor asks here after a 403 (stale CSRF token: the member signed in again in another
    tab, which rotates it) or when the member comes back after signing in: 200 with a fresh
    token to retry with, or 401 (member_required) while still signed out. Only a same-origin
    script can read the answer, so the token is as safe here as in the page."""
    return JsonResponse({"csrf_token": get_token(request)})


@member_required
def question_versions(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    versions = list(question.versions.all()[:100])
    for version in versions:
        # What changed from that version to the answer now, by sentence and word.
        version.changes = diff_text(version.text, question.answer)
    return render(
        request,
        "coverletters/versions.html",
        {"question": question, "letter": question.cover_letter, "versions": versions},
    )


@require_POST
@member_required
def version_restore(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    question = _question(request, pk)
    version = get_object_or_404(AnswerVersion, pk=version_pk, question=question)
    services.answer_restore(question=question, version=version)
    messages.success(
        request, "이전 버전으로 되돌렸어요. 되돌리기 전의 글도 버전 기록에 남겨 두었어요."
    )
    return redirect(f"{question.cover_letter.get_absolute_url()}#q-{question.pk}")


@member_required
def question_experiences(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    form = ExperienceLinkForm(
        request.POST if request.method == "POST" else None,
        member=request.user,
        initial={"experiences": question.experiences.all()},
    )
    if request.method == "POST" and form.is_valid():
        services.question_link_experiences(
            question=question, experiences=form.cleaned_data["experiences"]
        )
        messages.success(request, "문항에 경험을 연결했어요.")
        return redirect(f"{question.cover_letter.get_absolute_url()}#q-{question.pk}")
    return render(
        request,
        "coverletters/link_experiences.html",
        {"form": form, "question": question, "letter": question.cover_letter},
    )
