from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import member_required
from privacy.consents import CONSENT_PURPOSES, OPTIONAL_PURPOSES, Purpose
from privacy.registry import registry
from privacy.services import consent_change


def policy(request):
    return render(
        request,
        "privacy/policy.html",
        {
            "purposes": CONSENT_PURPOSES,
            # The table of items, purposes and retention comes from the retention registry:
            # the same rules the destruction jobs and the encryption layer read.
            "categories": registry.ordered_categories(),
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
    consent_change(member=request.user, purpose=purpose, granted=granted)
    label = Purpose(purpose).label
    if granted:
        messages.success(request, f"{label}에 동의했어요.")
    else:
        messages.success(request, f"{label} 동의를 철회했어요.")
    return redirect("accounts:settings")
