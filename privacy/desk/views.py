"""The officer's home is the admin index (accounts.admin_site.StaffAdminSite.index): these are
what it adds to the page for staff who work the privacy desks."""

from __future__ import annotations

from django.http import HttpRequest

from privacy.desk.selectors import officer_home

# Staff who may open the rights requests are the ones the home is for: the officer and the
# staff who handle members' requests. Other staff see the plain app list.
HOME_PERMISSION = "privacy.view_rightsrequest"


def officer_home_context(request: HttpRequest) -> dict:
    if not request.user.has_perm(HOME_PERMISSION):
        return {}
    return {"officer_home": officer_home()}
