from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import member_required
from privacy.centre import export
from privacy.centre.presence import centre_presence
from privacy.centre.shares import member_share, member_shares
from privacy.consents.models import ConsentChannel
from privacy.consents.purposes import CENTRE_PURPOSES, CONSENT_PURPOSES, OPTIONAL_PURPOSES, Purpose
from privacy.consents.services import (
    PER_OBJECT_PURPOSES,
    consent_change,
    consents_with_objects,
    object_consent_withdraw,
    object_consents,
)
from privacy.notices.views import policy_page
from privacy.registry.categories import CONSULTANT_COPY_KEPT_DAYS
from privacy.rights.notices import notices_for_member, requests_for_member
from privacy.sharing.provisions import SharingPurpose
from privacy.sharing.services import sharing_withdraw_consent, sharing_withdraw_provision


def policy(request):
    # The page renders the version in force from its own snapshot (privacy.notices.views).
    return policy_page(request)


@require_POST
@member_required
def consent_update(request, purpose: str):
    if purpose not in OPTIONAL_PURPOSES:
        raise Http404
    granted = request.POST.get("granted") == "1"
    from_centre = request.POST.get("from") == "centre"
    channel = ConsentChannel.PRIVACY_CENTRE if from_centre else ConsentChannel.SETTINGS
    label = Purpose(purpose).label
    if purpose == Purpose.CONSULTANT_SHARING:
        # Given on each consulting request's own screen, never here; withdrawn here as a whole,
        # which ends every consultant's access at once.
        if granted:
            raise Http404
        ended = sharing_withdraw_provision(
            member=request.user, purpose=SharingPurpose.CONSULTANT, channel=channel
        )
        messages.success(
            request,
            f"{label} 동의를 철회했어요. "
            + (
                f"컨설턴트 {ended}명이 더는 볼 수 없어요."
                if ended
                else "앞으로 컨설팅을 요청할 때 다시 동의할 수 있어요."
            ),
        )
        return redirect("privacy:centre" if from_centre else "accounts:settings")
    consent_change(member=request.user, purpose=purpose, granted=granted, channel=channel)
    if granted:
        messages.success(request, f"{label}에 동의했어요.")
    else:
        messages.success(request, f"{label} 동의를 철회했어요. 지금부터 적용돼요.")
    return redirect("privacy:centre" if from_centre else "accounts:settings")


@member_required
def centre(request):
    """개인정보 센터: consents, rights requests, downloads, and who has seen the member's data."""
    member = request.user
    state, company = consents_with_objects(member, Purpose.COMPANY_APPLICATION)
    consents = [(p, state[p.purpose]) for p in CONSENT_PURPOSES]
    # An empty list costs no query of its own (privacy.centre.presence).
    present = centre_presence(member, purpose=SharingPurpose.CONSULTANT)
    shares = member_shares(member) if present.shares else []
    rights_requests = requests_for_member(member) if present.rights_requests else []
    return render(
        request,
        "privacy/centre.html",
        {
            "consents": consents,
            "sharing_consent": CENTRE_PURPOSES[0],
            "shares": shares,
            "shares_open": sum(share.is_open for share in shares),
            "copy_kept_days": CONSULTANT_COPY_KEPT_DAYS,
            "access_history": (export.access_history(member, limit=50) if present.access else []),
            "rights_requests": rights_requests,
            # A notice is only ever about one of the member's own requests (rights.notices).
            "rights_notices": notices_for_member(member, limit=5) if rights_requests else [],
            # Applications sent to companies, newest first, each on its own consent.
            "company_consents": sorted(
                company.values(),
                key=lambda c: (c.given.recorded_at, c.given.pk),
                reverse=True,
            ),
        },
    )


@require_POST
@member_required
def object_consent_withdraw_view(request, purpose: str, ref: int):
    """Withdraw the consent one object rests on (one application sent to a company). Only the
    member's own: another member's, or none, is not found."""
    if purpose not in PER_OBJECT_PURPOSES:
        raise Http404
    state = object_consents(request.user, purpose, refs=[ref]).get(ref)
    if state is None:
        raise Http404("내 동의 기록이 아니에요.")
    recipient = (state.given.details or {}).get("recipient", "")
    if object_consent_withdraw(
        member=request.user, purpose=purpose, ref=ref, channel=ConsentChannel.PRIVACY_CENTRE
    ):
        messages.success(
            request,
            f"{recipient}에 지원서를 제공하는 동의를 철회했어요. 이미 전달된 지원서는 회사에 "
            "남아 있고, 라이프멘토는 이 지원서를 더 이상 회사에 제공하지 않아요.",
        )
    else:
        messages.info(request, "이미 철회한 동의예요.")
    return redirect(reverse("privacy:centre") + "#companies-heading")


@member_required
@require_http_methods(["GET", "POST"])
def share_withdraw(request, grant_id: int):
    """Withdraw the consent one share rests on (this consultant, this copy): asked to confirm
    first, then recorded in the ledger and the consultant's access ends at once."""
    share = member_share(request.user, grant_id)
    if share is None:
        raise Http404("내 공유 기록이 아니에요.")
    if request.method == "POST":
        sharing_withdraw_consent(grant_id)
        messages.success(
            request, f"{share.recipient}에게 제공 동의를 철회했어요. 이제 볼 수 없어요."
        )
        return redirect(reverse("privacy:centre") + "#shares-heading")
    return render(
        request,
        "privacy/share_withdraw.html",
        {"share": share, "copy_kept_days": CONSULTANT_COPY_KEPT_DAYS},
    )


@member_required
def consent_receipt(request):
    response = JsonResponse(
        export.consent_receipt(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="lifemento-consent-receipt.json"'
    export.record_own_download(request, request.user, "동의 영수증 다운로드")
    return response


@require_POST
@member_required
def data_download(request):
    """열람: everything at once, without waiting for staff. Logged."""
    archive = export.member_archive(request.user)
    export.record_own_download(request, request.user, "개인정보 다운로드")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="lifemento-my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response
