"""The signed-in person's own notifications: a list, and opening one marks it read."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.paths import pk_paths
from notifications.access import refusal
from notifications.selectors import notifications_for
from notifications.services import notification_mark_read, notifications_mark_all_read

PER_PAGE = 30


def recipient_required(view):
    """Signed in, and through every gate an upper app registered (a consultant's second
    factor). Each person sees only their own notifications: the views filter by recipient."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        refused = refusal(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    return wrapper


@recipient_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    open_url = pk_paths("notifications:open")
    for notification in page.object_list:
        # The text opens under the recipient's key: theirs, already loaded (no query per row).
        notification.recipient = request.user
        notification.open_url = open_url(notification.pk)
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@recipient_required
def notification_open(request, pk: int):
    # Someone else's notification is not found, never "forbidden": its existence is theirs.
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(notification, now=timezone.now())
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@recipient_required
def notification_read_all(request):
    count = notifications_mark_all_read(request.user, now=timezone.now())
    if count:
        messages.success(request, f"알림 {count}개를 모두 읽음으로 표시했어요.")
    return redirect("notifications:list")
