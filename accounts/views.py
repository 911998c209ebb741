from allauth.socialaccount.internal.flows.signup import clear_pending_signup
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.drafts import draft_namespace, drafts_clear_on_next_page
from accounts.forms import WithdrawForm
from accounts.selectors import withdrawal_summary
from accounts.services import pending_signup_abandon
from accounts.session_store import PENDING_SIGNUP, pending_signup_subject
from core.decorators import member_required
from privacy.consents.purposes import CONSENT_PURPOSES
from privacy.consents.services import current_consents
from privacy.withdrawal.runner import member_withdraw


@require_POST
def signup_cancel(request):
    """The person refused the required consent: forget what Kakao told us and keep nothing."""
    pending = request.session.get(PENDING_SIGNUP)
    clear_pending_signup(request)
    subject = pending_signup_subject(pending)
    if subject is not None:
        pending_signup_abandon(subject=subject)
    return render(request, "accounts/signup_cancelled.html")


@member_required
def settings_page(request):
    state = current_consents(request.user)
    consents = [(p, state[p.purpose]) for p in CONSENT_PURPOSES]
    return render(request, "accounts/settings.html", {"consents": consents})


@member_required
def withdraw(request):
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        namespace = draft_namespace(request.user)
        member_withdraw(member=request.user)
        logout(request)
        # The page after clears this member's drafts left in the browser (accounts.drafts).
        drafts_clear_on_next_page(request, namespace)
        messages.success(
            request, "탈퇴가 완료되었어요. 그동안 라이프멘토를 이용해 주셔서 고마워요."
        )
        return redirect("home:landing")
    return render(
        request,
        "accounts/withdraw.html",
        {"form": form, "summary": withdrawal_summary(request.user)},
    )
