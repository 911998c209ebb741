from django.http import HttpRequest
from django.shortcuts import redirect, render

from core.decorators import member_required


def landing(request: HttpRequest):
    if request.user.is_authenticated and request.user.is_member:
        return redirect("core:home")
    return render(request, "core/landing.html", {"next": request.GET.get("next", "")})


@member_required
def home(request: HttpRequest):
    from core.selectors import member_dashboard

    return render(request, "core/home.html", {"dash": member_dashboard(request.user)})
