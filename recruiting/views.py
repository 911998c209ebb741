from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.decorators import member_required
from recruiting import selectors, services
from recruiting.forms import ChooseLetterForm
from recruiting.models import Application, Offer, OfferStatus, Posting


@member_required
def posting_list(request: HttpRequest) -> HttpResponse:
    postings = list(selectors.posting_list_open())
    return render(request, "recruiting/posting_list.html", {"postings": postings})


@member_required
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(Posting.objects.select_related("company"), pk=pk)
    application = Application.objects.filter(member=request.user, posting=posting).first()
    form = ChooseLetterForm(member=request.user)
    return render(
        request,
        "recruiting/posting_detail.html",
        {
            "posting": posting,
            "application": application,
            "form": form,
            "has_letters": form.fields["cover_letter"].queryset.exists(),
        },
    )


@member_required
def posting_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirm page, showing exactly what will be sent. POST: send it."""
    posting = get_object_or_404(Posting.objects.select_related("company"), pk=pk)
    form = ChooseLetterForm(request.POST or request.GET or None, member=request.user)
    if not form.is_valid():
        messages.error(request, "보낼 자기소개서를 골라 주세요.")
        return redirect("recruiting:posting", pk=posting.pk)
    letter = form.cleaned_data["cover_letter"]
    try:
        if request.method == "POST":
            application = services.application_submit(
                member=request.user, posting=posting, cover_letter=letter
            )
            messages.success(request, f"{posting.company.name}에 지원했어요.")
            return redirect("recruiting:application", pk=application.pk)
        preview = services.application_preview(
            member=request.user, posting=posting, cover_letter=letter
        )
    except services.RecruitingError as error:
        messages.error(request, error.message)
        return redirect("recruiting:posting", pk=posting.pk)
    return render(
        request,
        "recruiting/apply_confirm.html",
        {"posting": posting, "letter": letter, "preview": preview},
    )


@member_required
def application_list(request: HttpRequest) -> HttpResponse:
    applications = list(selectors.application_list(request.user))
    return render(request, "recruiting/application_list.html", {"applications": applications})


def _application(request: HttpRequest, pk: int) -> Application:
    # Another member's application does not exist for this member: 404, never 403.
    return get_object_or_404(
        Application.objects.select_related("posting__company"), pk=pk, member=request.user
    )


@member_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return render(
        request,
        "recruiting/application_detail.html",
        {
            "application": application,
            "letter": application.letter_snapshot,
            "profile": application.profile_snapshot,
        },
    )


@member_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        services.application_withdraw(application=application)
        messages.success(request, "지원을 취소했어요.")
    except services.RecruitingError as error:
        messages.error(request, error.message)
    return redirect("recruiting:application", pk=application.pk)


@member_required
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.offer_list(request.user))
    return render(request, "recruiting/offer_list.html", {"offers": offers})


OFFER_ANSWERS = ("accept", "decline")


@member_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One offer. `?answer=accept|decline` asks for confirmation first (what follows either
    answer); once accepted, the page says what happens next and shows the company's contact,
    which is never shown before (Offer.contact)."""
    offer = get_object_or_404(
        Offer.objects.select_related("company", "posting"), pk=pk, member=request.user
    )
    answer = request.GET.get("answer")
    confirming = (
        answer if answer in OFFER_ANSWERS and offer.status == OfferStatus.RECEIVED else None
    )
    contact = offer.contact if offer.status == OfferStatus.ACCEPTED else ""
    return render(
        request,
        "recruiting/offer_detail.html",
        {"offer": offer, "confirming": confirming, "contact": contact},
    )


@member_required
@require_POST
def offer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmed answer, posted from offer_detail's confirmation."""
    offer = get_object_or_404(Offer, pk=pk, member=request.user)
    answer = request.POST.get("answer")
    if answer not in OFFER_ANSWERS:
        messages.error(request, "수락 또는 거절을 골라 주세요.")
        return redirect("recruiting:offer", pk=offer.pk)
    try:
        services.offer_answer(offer=offer, accept=answer == "accept")
        messages.success(
            request, "제안을 수락했어요." if answer == "accept" else "제안을 거절했어요."
        )
    except services.RecruitingError as error:
        messages.error(request, error.message)
    return redirect("recruiting:offer", pk=offer.pk)
    try:
        services.offer_answer(offer=offer, accept=answer == "accept")
        messages.success(
            request, "제안을 수락했어요." if answer == "accept" else "제안을 거절했어요."
        )
    except services.RecruitingError as error:
        messages.error(request, error.message)
    return redirect("recruiting:offers")
