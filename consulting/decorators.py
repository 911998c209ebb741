from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role


def consultant_required(view):
    """Signed in as an active consultant: members, staff and visitors are refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("consulting:login"))
        if user.role != Role.CONSULTANT or not user.is_active:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
