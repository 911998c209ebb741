from django.http import HttpRequest
from django.shortcuts import redirect, render

from core.decorators import member_required
from home.selectors import member_dashboard


def landing(request: HttpRequest):
    if request.user.is_authenticated and request.user.is_member:
        return redirect("home:home")
    return render(request, "home/landing.html", {"next": request.GET.get("next", "")})


@member_required
def home(request: HttpRequest):
    dash = member_dashboard(request.user)
    # The header's unread count (notifications.context_processors.unread) is one of the
    # dashboard's counts: the view's context takes precedence, so the header costs no query.
    return render(
        request, "home/home.html", {"dash": dash, "notifications_unread": dash.unread_count}
    )
