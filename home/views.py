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
    return render(request, "home/home.html", {"dash": member_dashboard(request.user)})
