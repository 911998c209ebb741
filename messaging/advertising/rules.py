"""정보통신망법 제50조 for advertising messages (issue 13; to be built)."""

from __future__ import annotations

import datetime

from messaging.models import Message, SkipReason


def advertising_decision(message: Message, now: datetime.datetime):
    from messaging.eligibility import skip

    # Until the rules are built, no advertising is sent at all.
    return skip(SkipReason.NO_MARKETING_CONSENT)
