"""Sign-in: prepare what every later page reads, so those pages need no query for it.

Not business logic: the rules live in privacy.notices.middleware and privacy.notices.cookies; this
only warms the policy timeline cache and notes in the session whether the member has answered the
cookie banner (the ledger is the answer; the note only decides whether to show the banner).
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from privacy.consents.models import ConsentRecord
from privacy.consents.purposes import COOKIE_PURPOSES
from privacy.notices.cookies import SESSION_KEY
from privacy.notices.selectors import policy_timeline


@receiver(user_logged_in, dispatch_uid="notices.on_sign_in")
def on_sign_in(sender, request, user, **kwargs) -> None:
    policy_timeline()
    if request is not None and getattr(user, "is_member", False):
        request.session[SESSION_KEY] = ConsentRecord.objects.filter(
            member=user, purpose__in=COOKIE_PURPOSES
        ).exists()
