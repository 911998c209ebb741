"""The answer library page, a question's type, and "이 답변으로 시작하기"."""

import functools

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from core.decorators import member_required
from core.html import esc
from core.paths import pk_paths
from coverletters.library import selectors, services
from coverletters.library.kinds import QuestionKind, kind_label
from coverletters.models import Question


def _question(request: HttpRequest, pk: int) -> Question:
    # Another member's question does not exist for this member: 404, never 403.
    question = get_object_or_404(
        Question.objects.select_related("cover_letter"), pk=pk, cover_letter__member=request.user
    )
    question.cover_letter.member = request.user
    return question


@member_required
def library(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or ""
    if kind not in QuestionKind.values:
        kind = ""
    groups = selectors.answer_library(request.user, kind=kind or None)
    # Prepared once for the page, not per answer (issue 16): the <option>s of the type picker,
    # in one variant per chosen type, and each answer's two URLs formatted from one reverse.
    options = _kind_options()
    reuse, kind_set = pk_paths("coverletters:answer_reuse"), pk_paths("coverletters:question_kind")
    page = {"csrf": csrf_input(request), "next": request.get_full_path()}
    for group in groups:
        for entry in group.entries:
            question = entry.question
            chosen = question.kind if question.kind_set_by_member else ""
            entry.html = _entry_html(
                entry,
                group,
                page,
                reuse_url=reuse(question.pk),
                kind_url=kind_set(question.pk),
                options=options.get(chosen, options[""]),
            )
    return render(
        request,
        "coverletters/library/library.html",
        {"groups": groups, "kinds": QuestionKind.choices, "kind": kind},
    )


# An entry's markup, built here: forty answers through the template language were half the
# page's time (issue 16). The same markup the template wrote, filters included.
ENTRY = (
    '<li class="library-entry">'
    '<p class="library-prompt"><strong>{prompt}</strong></p>'
    '<p class="meta">{title}{company} · {updated} 수정 · {length}{suffix}{limit}</p>'
    "{submitted}"
    '<details><summary>답변 보기</summary><div class="answer-text">{answer}</div></details>'
    '<div class="toolbar">'
    '<a class="button" href="{reuse_url}">이 답변으로 시작하기</a>'
    '<form method="post" action="{kind_url}" class="kind-form">{csrf}'
    '<input type="hidden" name="next" value="{next}">'
    '<label for="kind-{pk}">유형</label>'
    '<select id="kind-{pk}" name="kind">'
    '<option value="">자동으로 알아보기{auto}</option>{options}</select>'
    '<button class="button secondary" type="submit">유형 바꾸기</button>'
    "</form></div></li>"
)


def _entry_html(entry, group, page, *, reuse_url: str, kind_url: str, options: str) -> str:
    question, letter = entry.question, entry.letter
    updated = timezone.localtime(question.updated_at)
    submitted = ""
    if entry.submitted:
        submitted = '<p class="meta used">{}</p>'.format(
            " · ".join(
                f"{when.month}월 {when.day}일 {esc(how)}"
                for how, when in ((h, timezone.localtime(w)) for h, w in entry.submitted)
            )
        )
    limit = f" / {esc(question.limit)}{esc(entry.unit_suffix)}" if question.limit else ""
    return SafeString(
        ENTRY.format(
            prompt=esc(truncatechars(question.prompt, 80)),
            title=esc(letter.title),
            company=f" · {esc(letter.company)}" if letter.company else "",
            updated=f"{updated.year}.{updated.month}.{updated.day}",
            length=esc(entry.length),
            suffix=esc(entry.unit_suffix),
            limit=limit,
            submitted=submitted,
            answer=linebreaksbr(question.answer, autoescape=True),
            reuse_url=esc(reuse_url),
            kind_url=esc(kind_url),
            csrf=page["csrf"],
            next=esc(page["next"]),
            pk=esc(question.pk),
            auto="" if question.kind_set_by_member else f" ({esc(group.label)})",
            options=options,
        )
    )


@functools.cache
def _kind_options() -> dict[str, str]:
    """The type picker's <option>s after "자동으로 알아보기", keyed by the selected value ("" for
    none selected). The same for every member: built once per process."""

    def render_options(chosen: str) -> str:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if value == chosen else "", label) for value, label in choices),
        )

    choices = QuestionKind.choices
    return {value: render_options(value) for value in ["", *QuestionKind.values]}


@require_POST
@member_required
def question_kind_set(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    kind = request.POST.get("kind", "")
    if kind and kind not in QuestionKind.values:
        messages.error(request, "문항 유형을 목록에서 골라 주세요.")
    else:
        services.question_kind_set(question=question, kind=kind)
        messages.success(
            request, f"문항 유형을 ‘{kind_label(question.question_kind)}’(으)로 정했어요."
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("coverletters:library")


@member_required
def answer_reuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick a question to start from this answer; a question that already has an answer is
    replaced only after the member confirms, and its answer is kept in its history."""
    source = _question(request, pk)
    if not source.answer.strip():
        raise Http404("빈 답변은 불러올 수 없어요.")
    questions = [q for q in selectors.member_questions(request.user) if q.pk != source.pk]
    chosen = request.POST.get("target") or request.GET.get("to") or ""
    target = next((q for q in questions if str(q.pk) == chosen), None)
    context = {"source": source, "questions": questions, "target": target, "error": ""}
    if request.method == "POST":
        if target is None:
            context["error"] = "답변을 넣을 문항을 골라 주세요."
        elif target.answer.strip() and request.POST.get("confirm") != "yes":
            context["confirm"] = True
        else:
            had_answer = bool(target.answer)
            services.answer_reuse(source=source, target=target)
            kept = " 원래 있던 답변은 버전 기록에 남겨 두었어요." if had_answer else ""
            messages.success(request, f"답변을 불러왔어요. 이 문항에 맞게 고쳐 써 보세요.{kept}")
            return redirect(f"{target.cover_letter.get_absolute_url()}#q-{target.pk}")
    status = 400 if context["error"] else 200
    return render(request, "coverletters/library/reuse.html", context, status=status)
