from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from core.decorators import member_required
from core.paths import pk_paths
from privacy.api import ConsentChannel
from recruiting import letters, selectors, services
from recruiting.forms import ApplyForm, ChooseLetterForm
from recruiting.models import Application, Offer, OfferStatus, Posting


def posting_list(request: HttpRequest) -> HttpResponse:
    """Public (DESIGN.md): a link shared on KakaoTalk opens without signing in."""
    postings = list(selectors.posting_list_open())
    return render(
        request,
        "recruiting/posting_list.html",
        {
            "postings": postings,
            "og": {
                "title": "라이프멘토 파트너 회사 채용 공고",
                "description": "라이프멘토 파트너 회사의 모집 중인 공고를 보고, 자기소개서를 "
                "써서 바로 지원해 보세요.",
                "url": _absolute(reverse("recruiting:postings")),
            },
        },
    )


def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public, closed postings included (a shared link keeps working); applying and making a
    letter need a member, and a visitor is offered Kakao sign-up that comes back here."""
    posting = get_object_or_404(
        Posting.objects.select_related("company").prefetch_related("questions"), pk=pk
    )
    context = {
        "posting": posting,
        "questions": list(posting.questions.all()),
        "og": {
            "title": f"{posting.title} · {posting.company.name}",
            "description": _og_description(posting),
            "url": _absolute(posting.get_absolute_url()),
        },
        "is_member": request.user.is_authenticated and request.user.is_member,
    }
    if context["is_member"]:
        form = ChooseLetterForm(member=request.user)
        context |= {
            "application": Application.objects.filter(member=request.user, posting=posting).first(),
            "form": form,
            "has_letters": form.fields["cover_letter"].queryset.exists(),
            "made_letters": letters.letters_from_posting(request.user, posting),
        }
    return render(request, "recruiting/posting_detail.html", context)


@require_POST
@member_required
def posting_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """ "이 공고로 자소서 쓰기"; a second tap offers the letter already made (again=1 makes
    another deliberately)."""
    posting = get_object_or_404(Posting.objects.select_related("company"), pk=pk)
    letter, created = letters.posting_letter_create(
        member=request.user, posting=posting, again=request.POST.get("again") == "1"
    )
    if not created:
        messages.info(
            request,
            "이 공고로 만든 자기소개서가 이미 있어요. 이어서 쓰거나 하나 더 만들 수 있어요.",
        )
        return redirect(f"{posting.get_absolute_url()}#posting-letters")
    messages.success(request, "공고의 문항으로 자기소개서를 만들었어요. 이제 써 보세요.")
    return redirect("coverletters:detail", pk=letter.pk)


def _og_description(posting: Posting) -> str:
    if posting.deadline:
        when = date_format(posting.deadline, "Y.m.d (D)")
        if posting.deadline_time:
            when += f" {posting.deadline_time:%H:%M}"
        when = f"마감 {when}"
    else:
        when = "상시 모집"
    parts = [posting.company.name, posting.job, when]
    if not posting.is_open():
        parts.append("마감된 공고")
    summary = " · ".join(parts)
    if posting.description:
        summary += " — " + Truncator(" ".join(posting.description.split())).chars(120)
    return summary


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _apply_page(request, posting, letter, preview, form, errors, status=200) -> HttpResponse:
    return render(
        request,
        "recruiting/apply_confirm.html",
        {
            "posting": posting,
            "letter": letter,
            "preview": preview,
            "choices": preview.choices(),
            "shown": ",".join(preview.items),
            "form": form,
            "errors": errors,
        },
        status=status,
    )


@member_required
def posting_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the apply page, showing exactly what will be sent, the items to choose and the
    consent to the provision. POST: send it, once the member consented to exactly that."""
    posting = get_object_or_404(Posting.objects.select_related("company"), pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    letter_form = ChooseLetterForm(data or None, member=request.user)
    if not letter_form.is_valid():
        messages.error(request, "보낼 자기소개서를 골라 주세요.")
        return redirect("recruiting:posting", pk=posting.pk)
    letter = letter_form.cleaned_data["cover_letter"]
    # The first visit has chosen nothing yet: the defaults. After that the page posts (or gets,
    # "고른 항목으로 다시 보기") its choices along with `shown`.
    form = ApplyForm(data if "shown" in data else None)
    items = form.cleaned_data["items"] if form.is_bound and form.is_valid() else None
    try:
        preview = services.application_preview(
            member=request.user, posting=posting, cover_letter=letter, items=items
        )
    except services.RecruitingError as error:
        messages.error(request, error.message)
        return redirect("recruiting:posting", pk=posting.pk)
    if request.method != "POST":
        return _apply_page(request, posting, letter, preview, form, [])
    company = posting.company.name
    errors = []
    if not form.is_bound or not form.is_valid():
        errors.append("보낼 항목을 다시 골라 주세요.")
    elif set(form.shown_items()) != set(preview.items):
        errors.append(
            "고른 항목이 바뀌었어요. 아래 ‘제3자 제공 동의’에 적힌 항목을 다시 확인하고 "
            "동의해 주세요."
        )
    elif not form.cleaned_data["consent"]:
        errors.append(
            f"{company}에 지원서를 보내려면 제3자 제공에 동의해 주세요. 동의하지 않으면 "
            "라이프멘토를 통해 지원할 수 없어요. 고른 내용은 그대로 있어요."
        )
    elif preview.findings and not form.cleaned_data["confirm_findings"]:
        errors.append(
            "자기소개서에 확인할 내용이 있어요. 고치거나, 그대로 보내려면 ‘확인할 내용이 "
            "있어도 보내기’에 체크해 주세요."
        )
    if not errors:
        try:
            application = services.application_submit(
                member=request.user,
                posting=posting,
                cover_letter=letter,
                consented=True,
                items=preview.items,
            )
        except services.RecruitingError as error:
            errors.append(error.message)
        else:
            messages.success(request, f"{company}에 지원했어요.")
            return redirect("recruiting:application", pk=application.pk)
    return _apply_page(request, posting, letter, preview, form, errors)


@member_required
def application_list(request: HttpRequest) -> HttpResponse:
    applications = list(selectors.application_list(request.user))
    url = pk_paths("recruiting:application")  # one reverse(), not one a row
    for application in applications:
        application.url = url(application.pk)
    return render(request, "recruiting/application_list.html", {"applications": applications})


def _application(request: HttpRequest, pk: int) -> Application:
    # Another member's application does not exist for this member: 404, never 403.
    return get_object_or_404(
        Application.objects.select_related("posting__company"), pk=pk, member=request.user
    )


@member_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the company received: only the items the member chose, the consent's statement
    as it was shown, and when."""
    application = _application(request, pk)
    return render(
        request,
        "recruiting/application_detail.html",
        {
            "application": application,
            "letter": application.letter_snapshot,
            "items": services.snapshot_items(application.profile_snapshot),
            "consent": services.application_consent(application),
        },
    )


@member_required
@require_POST
def application_consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if services.application_consent_withdraw(
        application=application, channel=ConsentChannel.PROVISION
    ):
        messages.success(
            request,
            f"{application.posting.company.name}에 지원서를 제공하는 동의를 철회했어요. 이미 "
            "전달된 지원서는 회사에 남아 있고, 라이프멘토는 이 지원서를 더 이상 회사에 "
            "제공하지 않아요.",
        )
    else:
        messages.info(request, "이미 철회한 동의예요.")
    return redirect("recruiting:application", pk=application.pk)


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
    url = pk_paths("recruiting:offer")  # one reverse(), not three a row
    for offer in offers:
        offer.url = url(offer.pk)
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
