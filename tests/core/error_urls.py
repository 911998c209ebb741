"""The site's URLs plus views that fail the ways production code can: a bug, and a database
that is gone. Used with @pytest.mark.urls; handlers come from the site's own urlconf."""

from django.db import OperationalError
from django.urls import path

from lifemento.urls import (  # noqa: F401 - the handlers Django looks up in ROOT_URLCONF
    handler400,
    handler403,
    handler404,
    handler429,
    handler500,
)
from lifemento.urls import (
    urlpatterns as site_urlpatterns,
)


def bug(request):
    raise RuntimeError("secret detail that must not reach the page")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [
    path("test-bug/", bug),
    path("test-database-gone/", database_gone),
    *site_urlpatterns,
]
