from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers and operators (answered before sessions and
    authentication by core.middleware.HealthCheckMiddleware).

    503 only when the database is unreachable: without it nothing works. Anything else down
    (the broker, the cache, a pool with every connection busy) is "degraded" with the part
    named, and answers 200, because pages still serve and queued work waits in the outbox.
    """
    db = health.database_status()
    up = db.database == "ok"
    body = {
        "status": "ok" if up else "error",
        "database": db.database,
        "pool": db.pool,
        "broker": health.broker_status(),
        "cache": health.cache_status(),
        # With every pooled connection busy, the migrations query would wait for one.
        "migrations": health.migrations_status(may_query=up and db.pool != "exhausted"),
    }
    if up and (db.pool == "exhausted" or "unavailable" in (body["broker"], body["cache"])):
        body["status"] = "degraded"
    return JsonResponse(body, status=200 if up else 503)
