from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def member_required(view):
    """Signed in as a member (not staff or consultant): the member pages are theirs only."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
