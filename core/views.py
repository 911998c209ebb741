from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import member_required
from core import health


def landing(request: HttpRequest):
    if request.user.is_authenticated and request.user.is_member:
        return redirect("core:home")
    return render(request, "core/landing.html", {"next": request.GET.get("next", "")})


@member_required
def home(request: HttpRequest):
    from core.selectors import member_dashboard

    return render(request, "core/home.html", {"dash": member_dashboard(request.user)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers and operators.

    503 only when the database is unreachable: without it nothing works. A broker outage is
    reported but answers 200, because pages still serve and queued work waits in the outbox.
    """
    database = health.database_status()
    body = {
        "status": "ok" if database == "ok" else "error",
        "database": database,
        "broker": health.broker_status(),
        "migrations": health.migrations_status() if database == "ok" else "unknown",
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
