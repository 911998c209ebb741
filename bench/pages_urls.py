"""The bench's URLconf (bench/pages.py): the project's URLs plus the two bare views every page is
measured against, and an empty page on the site's frame (base.html). A bare view runs one query
and renders a small template through the same middleware and context processors as any page;
one of them sits behind `member_required`."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from accounts.models import User
from core.decorators import member_required
from lifemento import urls as project

BARE = engines["django"].from_string(
    '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ title }}</title>'
    "</head><body><main><h1>{{ title }}</h1><p>{{ count }}</p></main></body></html>"
)


BASE_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}'
    "<h1>{{ title }}</h1><p>{{ count }}</p>{% endblock %}"
)


def bare(request):
    count = User.objects.filter(pk=0).count()
    return HttpResponse(BARE.render({"title": "라이프멘토", "count": count}, request))


def base_page(request):
    """The bare view's query with the site's own frame (base.html): what every page pays for its
    header, banners, tab bar and footer."""
    count = User.objects.filter(pk=0).count()
    return HttpResponse(BASE_PAGE.render({"title": "라이프멘토", "count": count}, request))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-member/", member_required(bare)),
    path("bench/base-member/", member_required(base_page)),
    *project.urlpatterns,
]

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
handler429 = project.handler429
