from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.decorators import member_required
from privacy.centre import export
from privacy.consents.models import ConsentChannel
from privacy.consents.purposes import CENTRE_PURPOSES, CONSENT_PURPOSES, OPTIONAL_PURPOSES, Purpose
from privacy.consents.services import consent_change, current_consents
from privacy.notices.statements import policy_statements
from privacy.rights.notices import requests_for_member


def policy(request):
    return render(
        request,
        "privacy/policy.html",
        {
            "purposes": CONSENT_PURPOSES,
            # The tables of items, purposes and retention, and of provisions to third parties,
            # come from the retention registry: the same rules the destruction jobs, the
            # encryption layer and the sharing selector read (for the versions in force).
            "statements": policy_statements(),
            "officer": {
                "name": settings.PRIVACY_OFFICER_NAME,
                "phone": settings.PRIVACY_OFFICER_PHONE,
                "email": settings.PRIVACY_OFFICER_EMAIL,
            },
            "version": settings.PRIVACY_POLICY_VERSION,
        },
    )


@require_POST
@member_required
def consent_update(request, purpose: str):
    if purpose not in OPTIONAL_PURPOSES:
        raise Http404
    granted = request.POST.get("granted") == "1"
    from_centre = request.POST.get("from") == "centre"
    consent_change(
        member=request.user,
        purpose=purpose,
        granted=granted,
        channel=ConsentChannel.PRIVACY_CENTRE if from_centre else ConsentChannel.SETTINGS,
    )
    label = Purpose(purpose).label
    if granted:
        messages.success(request, f"{label}에 동의했어요.")
    else:
        messages.success(request, f"{label} 동의를 철회했어요. 지금부터 적용돼요.")
    return redirect("privacy:centre" if from_centre else "accounts:settings")


@member_required
def centre(request):
    """개인정보 센터: consents, rights requests, downloads, and who has seen the member's data."""
    state = current_consents(request.user)
    consents = [(p, state[p.purpose]) for p in (*CONSENT_PURPOSES, *CENTRE_PURPOSES)]
    return render(
        request,
        "privacy/centre.html",
        {
            "consents": consents,
            "access_history": export.access_history(request.user, limit=50),
            "rights_requests": requests_for_member(request.user),
        },
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
