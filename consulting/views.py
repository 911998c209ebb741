from django.contrib import auth
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from consulting.catalog import SERVICES
from consulting.decorators import consultant_required
from consulting.forms import ConsultantSignInForm, InvitationAcceptForm
from consulting.models import Engagement
from consulting.services import InvitationInvalid, invitation_accept, invitation_find
from consulting.workspace.selectors import is_overdue


class ConsultantLoginView(LoginView):
    form_class = ConsultantSignInForm
    template_name = "consulting/login.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return "/consulting/"


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
