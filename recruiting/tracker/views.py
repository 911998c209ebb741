"""지원 관리 pages: the tracker list and its forms, the month calendar, and the calendar feed.

Every page but the feed is the member's own: a row of someone else's answers 404. The feed
has no session; its secret address is the only key (recruiting.tracker.feed)."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST, require_safe

from core.decorators import member_required
from core.jobs import KST
from recruiting.tracker import feed, selectors
from recruiting.tracker.forms import OutsideApplicationForm, StageForm
from recruiting.tracker.models import CalendarFeed, OutsideApplication, Stage


def _list_params(source) -> dict[str, str]:
    """The list's sort and filter, kept across a stage change; only known values."""
    params = {}
    if source.get("sort") in selectors.SORTS:
        params["sort"] = source["sort"]
    if source.get("dir") == "desc":
        params["dir"] = "desc"
    if source.get("stage") in selectors.STAGE_LABELS:
        params["stage"] = source["stage"]
    return params


def _back_to_list(source) -> HttpResponse:
    # The stage form's own field is "stage": the list's filter rides along as "in_stage".
    params = _list_params(
        {"sort": source.get("sort"), "dir": source.get("dir"), "stage": source.get("in_stage")}
    )
    url = reverse("recruiting:tracker")
    return redirect(f"{url}?{urlencode(params)}" if params else url)


@member_required
def tracker_list(request: HttpRequest) -> HttpResponse:
    params = _list_params(request.GET)
    sort = params.get("sort", "next")
    descending = params.get("dir") == "desc"
    board = selectors.tracker(
        request.user, sort=sort, descending=descending, stage=params.get("stage", "")
    )
    columns = []
    for key, label in (
        ("company", "회사"),
        ("stage", "단계"),
        ("next", "다음 일정"),
        ("applied", "지원일"),
    ):
        query = {k: v for k, v in params.items() if k != "dir"} | {"sort": key}
        if sort == key and not descending:  # a second tap on the column turns it around
            query["dir"] = "desc"
        columns.append(
            {
                "key": key,
                "label": label,
                "url": "?" + urlencode(query),
                "current": sort == key,
                "aria_sort": ("descending" if descending else "ascending") if sort == key else "",
            }
        )
    return render(
        request,
        "recruiting/tracker/list.html",
        {
            "board": board,
            "columns": columns,
            "params": params,
            "hidden_params": [("in_stage" if k == "stage" else k, v) for k, v in params.items()],
            "sort": sort,
            "stage": params.get("stage", ""),
            "today": timezone.localdate(),
        },
    )


def _own(request: HttpRequest, pk: int) -> OutsideApplication:
    return get_object_or_404(OutsideApplication.objects.filter(member=request.user), pk=pk)


@member_required
def tracker_add(request: HttpRequest) -> HttpResponse:
    form = OutsideApplicationForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.member = request.user
        entry.save()
        messages.success(request, f"{entry.company} 지원을 기록했어요.")
        return redirect("recruiting:tracker")
    return render(request, "recruiting/tracker/form.html", {"form": form, "entry": None})


@member_required
def tracker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own(request, pk)
    form = OutsideApplicationForm(request.POST or None, instance=entry, member=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "고친 내용을 저장했어요.")
        return redirect("recruiting:tracker")
    return render(request, "recruiting/tracker/form.html", {"form": form, "entry": entry})


@member_required
def tracker_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own(request, pk)
    if request.method == "POST":
        company = entry.company
        entry.delete()
        messages.success(request, f"{company} 지원 기록을 지웠어요.")
        return redirect("recruiting:tracker")
    return render(request, "recruiting/tracker/delete.html", {"entry": entry})


@member_required
@require_POST
def tracker_stage(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        OutsideApplication.objects.filter(pk=entry.pk).update(
            stage=form.cleaned_data["stage"], updated_at=timezone.now()
        )
        label = Stage(form.cleaned_data["stage"]).label
        messages.success(request, f"{entry.company} 진행 단계를 '{label}'(으)로 바꿨어요.")
    else:
        messages.error(request, "진행 단계를 목록에서 골라 주세요.")
    return _back_to_list(request.POST)


# --- The month calendar ----------------------------------------------------------------------

WEEKDAYS = "일월화수목금토"


def _month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of ?month=2026-12, or of this month when it is missing or not a month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@member_required
@require_GET
def calendar_month(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request)


def _calendar_page(request: HttpRequest, *, feed_url: str = "") -> HttpResponse:
    today = timezone.localtime(timezone.now(), KST).date()
    first = _month(request.GET.get("month"), today)
    if not datetime.date(1900, 1, 1) <= first <= datetime.date(2999, 12, 1):
        first = today.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    weeks = pycalendar.Calendar(firstweekday=6).monthdatescalendar(first.year, first.month)
    found = selectors.entries(request.user, weeks[0][0], weeks[-1][-1])
    by_day: dict[datetime.date, list] = {}
    for entry in found:
        by_day.setdefault(entry.date, []).append(entry)
    grid = [
        [
            {"date": day, "in_month": day.month == first.month, "entries": by_day.get(day, [])}
            for day in week
        ]
        for week in weeks
    ]
    agenda = [(day, by_day[day]) for day in sorted(by_day) if first <= day <= last]
    return render(
        request,
        "recruiting/calendar/month.html",
        {
            "first": first,
            "grid": grid,
            "agenda": agenda,
            "weekdays": WEEKDAYS,
            "today": today,
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
            "this_month": today.replace(day=1),
            "has_feed": CalendarFeed.objects.filter(member=request.user).exists(),
            "feed_url": feed_url,
        },
    )


@member_required
@require_POST
def calendar_feed_create(request: HttpRequest) -> HttpResponse:
    # The secret is shown once, in this response, and kept nowhere (not even the session).
    secret = feed.feed_create(member=request.user)
    url = request.build_absolute_uri(reverse("recruiting:calendar_feed", args=[secret]))
    return _calendar_page(request, feed_url=url)


@member_required
@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    if feed.feed_revoke(member=request.user):
        messages.success(
            request, "구독 주소를 없앴어요. 구독한 캘린더에 더 이상 일정이 오지 않아요."
        )
    return redirect(reverse("recruiting:calendar") + "#feed")


@require_safe  # calendar apps may ask with HEAD first
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session: the secret address is the key. A wrong or revoked one is a plain 404."""
    member = feed.feed_member(token)
    if member is None:
        response = HttpResponseNotFound("찾을 수 없어요.", content_type="text/plain; charset=utf-8")
        # Django logs every 4xx with its path ("Not Found: /…/<secret>.ics"); the path is the
        # secret, so this response is not logged.
        response._has_been_logged = True
        return response
    response = HttpResponse(feed.feed_ics(member), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lifemento.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
