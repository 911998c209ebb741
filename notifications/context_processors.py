"""The unread count in the header, for members and consultants: one query, and only on a page
that shows it (the template calls it; the result is kept for the rest of the render)."""

import functools

from accounts.models import Role
from notifications.selectors import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in (Role.MEMBER, Role.CONSULTANT):
        return {}
    return {"notifications_unread": functools.cache(lambda: unread_count(user))}
