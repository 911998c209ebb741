from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import member_required
from privacy.consents.purposes import CONSENT_PURPOSES, Purpose
from privacy.notices import cookies
from privacy.notices.bodies import policy_body
from privacy.notices.diff import has_changes, policy_diff
from privacy.notices.document import effective_date_errors, empty_table_errors, text_errors
from privacy.notices.document import parse as document_parse
from privacy.notices.forms import CookieSettingsForm
from privacy.notices.models import Notice, PolicyVersion
from privacy.notices.selectors import (
    notices_list,
    policy_in_force,
    policy_timeline,
    policy_version_previous,
    policy_versions_archive,
    policy_versions_published,
    today,
)
from privacy.notices.services import cookie_choice_record, policy_reconsent_agree
from privacy.notices.snapshots import snapshot_take, table_changes

NOTICES_PER_PAGE = 20


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- 공지사항 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticePage:
    """What the board's template asks of a page, known without counting every notice."""

    object_list: list[Notice]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw: str | None) -> int | None:
    """The page asked for as Paginator.get_page reads it: 1 when not a whole number, None
    when it cannot be a page (below 1, or beyond any offset the database takes)."""
    try:
        number = int(raw) if raw is not None else 1
    except ValueError:
        return 1
    return number if 1 <= number <= 2**31 // NOTICES_PER_PAGE else None


def notice_list(request):
    """One query: the page's notices and one more, which says whether a next page exists. A
    page number past the end (or below 1) shows the last page, as Paginator.get_page does,
    and only then are the notices counted."""
    raw = request.GET.get("page")
    number = _page_number(raw)
    if number is not None:
        start = (number - 1) * NOTICES_PER_PAGE
        rows = list(notices_list()[start : start + NOTICES_PER_PAGE + 1])
        if rows or number == 1:
            page = NoticePage(rows[:NOTICES_PER_PAGE], number, len(rows) > NOTICES_PER_PAGE)
            return render(request, "notices/list.html", {"page": page})
    paginator = Paginator(notices_list(), NOTICES_PER_PAGE)
    return render(request, "notices/list.html", {"page": paginator.get_page(raw)})


def notice_detail(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("policy_version"), pk=pk)
    return render(request, "notices/detail.html", {"notice": notice})


# --- The policy page -------------------------------------------------------------------------


def _officer() -> dict[str, str]:
    """The officer's contact, filled where a text says [[보호책임자]] (settings, not policy)."""
    return {
        "name": settings.PRIVACY_OFFICER_NAME,
        "phone": settings.PRIVACY_OFFICER_PHONE,
        "email": settings.PRIVACY_OFFICER_EMAIL,
    }


def render_policy_page(
    request: HttpRequest,
    policy: PolicyVersion | None,
    *,
    tables: dict | None = None,
    preview: bool = False,
    changed_tables: list[str] | None = None,
    previous_version: str | None = None,
    text_problems: list[str] | None = None,
) -> HttpResponse:
    """The policy page for `policy`: its own text (privacy.notices.document) with its own
    tables from its snapshot. The live page (the version in force), an archived version's page
    and the officer's preview of a draft all go through this one template, so the preview is
    what members will see; the template is only the frame (title, version and dates, links)."""
    if tables is None:
        # A version published before snapshots were kept and not filled by notices 0007 (only
        # rows made outside the services): the code's tables for it, as the page drew them.
        tables = (policy.snapshot if policy else None) or (snapshot_take(policy) if policy else {})
    return render(
        request,
        "privacy/policy.html",
        {
            "purposes": CONSENT_PURPOSES,
            "policy": policy,
            "tables": tables,
            "document": document_parse(policy.text if policy else "").fill(tables),
            "preview": preview,
            "changed_tables": changed_tables or [],
            "text_problems": text_problems or [],
            "previous_version": previous_version,
            "in_force": policy_in_force(),
            "officer": _officer(),
            "version": settings.PRIVACY_POLICY_VERSION,
        },
    )


def _policy_body_render(policy: PolicyVersion | None) -> str | None:
    """The version's body as the page renders it, or None for a version without a frozen
    snapshot (its tables come from the code, which may change: not kept)."""
    if policy is None or not policy.snapshot:
        return None
    return render_to_string(
        "privacy/_policy_body.html",
        {"document": document_parse(policy.text).fill(policy.snapshot), "officer": _officer()},
    )


def policy_page(request):
    """/privacy/policy/: the version in force (KST date) with its own tables. Its body is
    rendered once per version and process (privacy.notices.bodies): no query once kept."""
    in_force = policy_in_force()
    if in_force is None:
        return render_policy_page(request, None)
    loaded: list[PolicyVersion | None] = []

    def the_chosen_row() -> PolicyVersion | None:
        # The row of the version chosen above, not "the one in force" asked again: at midnight
        # of an effective date the two may differ, and a body must be kept under its own name.
        if not loaded:
            loaded.append(
                policy_versions_published()
                .filter(version=in_force.version, published_at=in_force.published_at)
                .first()
            )
        return loaded[0]

    # The body links to other pages ({% url %}): the script prefix is part of what it says.
    key = (in_force.version, in_force.published_at, get_script_prefix(), *_officer().values())
    body = policy_body(key, lambda: _policy_body_render(the_chosen_row()))
    if body is None:
        return render_policy_page(request, the_chosen_row())
    # The frame needs only the version's name and date, which the timeline has.
    return render(
        request,
        "privacy/policy.html",
        {"policy": in_force, "in_force": in_force, "body": body, "preview": False},
    )


def policy_version_page(request, version: str):
    """An archived (or announced) version's page, with the tables it was published with."""
    policy = get_object_or_404(policy_versions_published(), version=version)
    return render_policy_page(request, policy)


@staff_member_required
def policy_preview(request, pk: int):
    """A draft as members will see it once in force, behind a 미리보기 banner; staff only.
    The tables are taken now, as publishing would take them."""
    draft = get_object_or_404(PolicyVersion, pk=pk, published_at__isnull=True)
    tables = snapshot_take(draft)
    previous = policy_version_previous(draft)
    changed = table_changes(previous.snapshot if previous else None, tables)
    return render_policy_page(
        request,
        draft,
        tables=tables,
        preview=True,
        changed_tables=changed,
        previous_version=previous.version if previous else None,
        text_problems=[
            *text_errors(draft.text),
            *effective_date_errors(draft.text, draft.effective_date),
            *empty_table_errors(draft.text, tables),
        ],
    )


# --- Policy versions -------------------------------------------------------------------------


def policy_versions(request):
    versions = list(policy_versions_archive())
    in_force = policy_in_force()
    return render(
        request,
        "notices/policy_versions.html",
        {
            "versions": versions,
            "in_force": in_force.version if in_force else None,
            "today": today(),
        },
    )


def policy_version(request, version: str):
    policy = get_object_or_404(policy_versions_published(), version=version)
    previous = policy_version_previous(policy)
    # The 전문 is the version's text rendered as its page renders it, with its own tables.
    tables = policy.snapshot or snapshot_take(policy)
    return render(
        request,
        "notices/policy_version.html",
        {
            "policy": policy,
            "previous": previous,
            "in_force": policy_in_force(),
            "document": document_parse(policy.text).fill(tables),
            "officer": _officer(),
        },
    )


def policy_changes(request, version: str):
    """What `version` changed, against the version before it (or ?from= another one)."""
    new = get_object_or_404(policy_versions_published(), version=version)
    if request.GET.get("from"):
        old = get_object_or_404(policy_versions_published(), version=request.GET["from"])
    else:
        old = policy_version_previous(new)
        if old is None:
            raise Http404("이전 버전이 없어요.")
    if old.effective_date > new.effective_date:
        old, new = new, old
    blocks = policy_diff(old.text, new.text)
    return render(
        request,
        "notices/policy_changes.html",
        {"old": old, "new": new, "blocks": blocks, "changed": has_changes(blocks)},
    )


# --- Re-consent after a policy change --------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def reconsent(request):
    day = today()
    timeline = policy_timeline()
    floor = timeline.consent_floor(day)
    next_url = _safe_next(request, reverse("home:home"))
    if floor is None:
        return redirect(next_url)
    policy = get_object_or_404(policy_versions_published(), version=floor.version)
    if request.method == "POST":
        if request.POST.get("answer") == "agree":
            policy_reconsent_agree(member=request.user)
            messages.success(request, "바뀐 개인정보처리방침에 동의했어요. 고마워요.")
            return redirect(next_url)
        return render(request, "notices/reconsent_refused.html", {"policy": policy})
    membership = next(p for p in CONSENT_PURPOSES if p.purpose == Purpose.MEMBERSHIP)
    return render(
        request,
        "notices/reconsent.html",
        {
            "policy": policy,
            "previous": policy_version_previous(policy),
            "membership": membership,
            "next": next_url,
        },
    )


# --- Cookie choices --------------------------------------------------------------------------


def _record_choice(request: HttpRequest, choice: cookies.Choice) -> None:
    user = request.user
    if user.is_authenticated and user.is_member:
        cookie_choice_record(member=user, statistics=choice.statistics, marketing=choice.marketing)
        request.session[cookies.SESSION_KEY] = True


@require_POST
def cookie_choice(request):
    """The banner's two buttons. Without script: a form post and back to the page; with
    script (cookie-banner.js): the same post by fetch, answered with JSON, no reload."""
    answer = request.POST.get("choice")
    if answer not in ("essential", "all"):
        return HttpResponse(status=400)
    choice = cookies.ALL if answer == "all" else cookies.ESSENTIAL_ONLY
    _record_choice(request, choice)
    if request.headers.get("X-Requested-With") == "fetch":
        response: HttpResponse = JsonResponse(
            {"statistics": choice.statistics, "marketing": choice.marketing}
        )
    else:
        messages.success(
            request, "쿠키 설정을 저장했어요. 바닥글의 ‘쿠키 설정’에서 바꿀 수 있어요."
        )
        response = redirect(_safe_next(request, reverse("home:landing")))
    cookies.set_choice_cookie(response, choice)
    return response


@require_http_methods(["GET", "POST"])
def cookie_settings(request):
    consent = cookies.cookie_consent_for(request)
    if request.method == "POST":
        form = CookieSettingsForm(request.POST)
        if form.is_valid():
            choice = cookies.Choice(
                statistics=form.cleaned_data["statistics"],
                marketing=form.cleaned_data["marketing"],
            )
            _record_choice(request, choice)
            messages.success(request, "쿠키 설정을 저장했어요.")
            response = redirect("notices:cookie_settings")
            cookies.set_choice_cookie(response, choice)
            return response
    else:
        form = CookieSettingsForm(
            initial={"statistics": consent.statistics, "marketing": consent.marketing}
        )
    return render(request, "notices/cookie_settings.html", {"form": form, "consent": consent})
