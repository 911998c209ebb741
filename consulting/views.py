from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from consulting.catalog import SERVICES
from consulting.decorators import consultant_required, otp_verified
from consulting.forms import ConsultantSignInForm, InvitationAcceptForm, TOTPSetupForm
from consulting.models import Engagement
from consulting.services import InvitationInvalid, invitation_accept, invitation_find
from consulting.workspace.selectors import is_overdue


class ConsultantLoginView(LoginView):
    form_class = ConsultantSignInForm
    template_name = "consulting/login.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return "/consulting/"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "require_otp": settings.CONSULTANT_REQUIRE_OTP,
        }


TOTP_DEVICE_NAME = "인증 앱"


@never_cache
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    """A consultant without an authenticator app sets one up before anything else opens
    (CONSULTANT_REQUIRE_OTP). Confirming a code the new app shows makes it theirs and verifies
    this session. One who already has an app cannot replace it here: they sign in with its
    code, and a lost phone is for staff to remove first."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("consulting:login"))
    if user.role != Role.CONSULTANT or not user.is_active:
        raise PermissionDenied
    if not settings.CONSULTANT_REQUIRE_OTP or otp_verified(user):
        return redirect("consulting:home")
    if user_has_device(user, confirmed=True):
        # A session opened without the code (from before it was required): sign in again.
        auth.logout(request)
        messages.info(request, "인증 앱의 인증 코드와 함께 다시 로그인해 주세요.")
        return redirect("consulting:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "-pk"
    ).first() or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    form = TOTPSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["otp_token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(
                request, "인증 앱을 등록했어요. 다음 로그인부터 인증 코드도 입력해 주세요."
            )
            return redirect("consulting:home")
        form.add_error(
            "otp_token",
            "인증 코드가 맞지 않아요. 인증 앱에 지금 표시된 코드를 입력해 주세요."
            if allowed
            else "인증 코드를 여러 번 잘못 입력했어요. 잠시 후 다시 시도해 주세요.",
        )
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "config_url": device.config_url,
    }
    return render(request, "consulting/totp_setup.html", context)


@consultant_required
def consultant_home(request):
    engagements = list(
        Engagement.objects.filter(consultant_id=request.user.pk)
        .only("id", "service", "state", "requested_at", "due_at")
        .order_by("due_at", "requested_at", "id")
    )
    now = timezone.now()
    rows = [
        {"engagement": e, "service": SERVICES[e.service], "overdue": is_overdue(e, now)}
        for e in engagements
    ]
    # Overdue work first (by due time, the list's order), then the rest by due time.
    rows.sort(key=lambda row: not row["overdue"])
    return render(request, "consulting/home.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    now = timezone.now()
    try:
        invitation_find(token, now=now)
    except InvitationInvalid as invalid:
        return render(
            request, "consulting/invitation_invalid.html", {"message": invalid.message}, status=410
        )
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                now=now,
            )
        except InvitationInvalid as invalid:
            return render(
                request,
                "consulting/invitation_invalid.html",
                {"message": invalid.message},
                status=410,
            )
        auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("consulting:home")
    return render(request, "consulting/invitation.html", {"form": form})
