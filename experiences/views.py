from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from core.decorators import member_required
from core.paths import pk_paths
from experiences import selectors, services
from experiences.forms import ExperienceFilterForm, ExperienceForm
from experiences.models import Experience, ExperienceKind

_KIND_LABELS = dict(ExperienceKind.choices)


def _wants_results_only(request) -> bool:
    # htmx asks for the results list alone; a history restore after a cache miss also says
    # HX-Request but needs the whole page.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _cards(experiences: list[Experience]) -> list[dict]:
    """What each card of the list shows, read once per experience (the template looks each up
    twice); one reverse() for the whole list, the detail URLs differing only by pk."""
    url = pk_paths("experiences:detail")
    return [
        {
            "url": url(e.pk),
            "title": e.title,
            "kind": _KIND_LABELS.get(e.kind, e.kind),
            "period": e.period,
            "summary": e.summary,
            "tags": e.tags,
        }
        for e in experiences
    ]


def _own_experience(request, pk: int) -> Experience:
    # Another member's experience is "not found", never "forbidden": its existence is private.
    return get_object_or_404(Experience, pk=pk, member=request.user)


@member_required
@require_GET
def experience_list(request):
    filters = ExperienceFilterForm(request.GET).filters()
    # Without a search the long texts stay unread: the list does not show them.
    everything = selectors.experience_list(request.user, texts=bool(filters["q"]))
    results = selectors.experience_filter(everything, **filters)
    context = {
        "experiences": results,
        "cards": _cards(results),
        "total": len(everything),
        "filters": filters,
        "is_filtered": bool(filters["q"] or filters["kind"] or filters["tag"]),
        "kind_options": selectors.experience_kind_counts(everything, selected=filters["kind"]),
        "tag_options": selectors.experience_tag_counts(everything, selected=filters["tag"]),
        "sorts": selectors.SORTS,
    }
    partial = _wants_results_only(request)
    template = "experiences/_results.html" if partial else "experiences/list.html"
    response = render(request, template, context)
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@member_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = ExperienceForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        experience = services.experience_create(member=request.user, data=form.cleaned_data)
        messages.success(request, f"‘{experience.title}’ 경험을 추가했어요.")
        return redirect("experiences:list")
    return render(request, "experiences/form.html", {"form": form})


@member_required
@require_GET
def detail(request, pk: int):
    return render(request, "experiences/detail.html", {"experience": _own_experience(request, pk)})


@member_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    experience = _own_experience(request, pk)
    form = ExperienceForm(request.POST if request.method == "POST" else None, instance=experience)
    if form.is_valid():
        services.experience_update(experience=experience, data=form.cleaned_data)
        messages.success(request, "수정한 내용을 저장했어요.")
        return redirect("experiences:detail", pk=experience.pk)
    return render(request, "experiences/form.html", {"form": form, "experience": experience})


@member_required
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    experience = _own_experience(request, pk)
    if request.method == "POST":
        services.experience_delete(experience=experience)
        messages.success(request, f"‘{experience.title}’ 경험을 삭제했어요.")
        return redirect("experiences:list")
    context = {"experience": experience, "linked_questions": experience.questions.count()}
    return render(request, "experiences/delete.html", context)
