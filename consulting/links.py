"""Where a notification about an engagement takes each side: the member to their engagement
page, the consultant to the workspace page. One place, so every notice links alike."""

from django.urls import reverse


def member_url(engagement) -> str:
    return reverse("consulting:my_engagement", args=[engagement.pk])


def work_url(engagement) -> str:
    return reverse("consulting:work", args=[engagement.pk])
