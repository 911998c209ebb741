"""정보통신망법 제50조 for advertising messages, checked when each one is sent.

The order: the member's marketing consent (제50조①②: explicit prior consent; nothing after a
refusal or withdrawal), then what the message says (제50조④, 시행령 별표 6), then the hour
(제50조③). The KakaoTalk consent, holds, withdrawal and the member's settings were already
checked by messaging.eligibility.decide.

Not used: the exception of 제50조① 단서 and 시행령 제61조① (the same kind of goods to a member
who bought from us within 6 months, without consent). LifeMento sells nothing that a
"transaction" there would cover, and an exception that must be proven per member and per
product is where fines come from: every advertising message rests on the marketing consent.

The night: the law needs a separate prior consent from 21:00 to 08:00 KST; the provider blocks
brand messages from 20:50 to 08:00 whatever the member agreed to (delivery code 3022). A night
consent could therefore never make a message go at 22:00, so LifeMento does not ask for one
(asking for a consent that changes nothing would mislead the member): every advertising
message due between 20:50 and 08:00 waits for the next 08:00 KST, when it is decided again.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from messaging.advertising import sender
from messaging.catalogue import TemplateError, template
from messaging.models import Channel, Message, SkipReason
from privacy.api import Purpose, has_consent

KST = ZoneInfo("Asia/Seoul")
# The provider's window for brand messages (NHN: 08:00–20:50); the law's is 08:00–21:00.
DAY_STARTS = datetime.time(8, 0)
DAY_ENDS = datetime.time(20, 50)
AD_MARK = "(광고)"


def next_daytime(now: datetime.datetime) -> datetime.datetime | None:
    """None in the day window; else the next 08:00 KST (as an aware datetime)."""
    local = now.astimezone(KST)
    if DAY_STARTS <= local.time() < DAY_ENDS:
        return None
    day = local.date() if local.time() < DAY_STARTS else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, DAY_STARTS, tzinfo=KST)


def content_problems(content: str) -> list[str]:
    """What 시행령 별표 6 needs that `content` lacks; empty when it may be sent."""
    problems = []
    if not content.startswith(AD_MARK):
        problems.append("(광고) is not at the very start")
    if not sender.sender_name() or sender.sender_name() not in content:
        problems.append("the sender's name is missing")
    if not sender.sender_contact() or sender.sender_contact() not in content:
        problems.append("the sender's contact is missing")
    if "무료" not in content or "수신거부" not in content or sender.REFUSAL_PATH not in content:
        problems.append("the free refusal line is missing")
    return problems


def rendered(message: Message) -> str | None:
    try:
        return template(message.template_code).render(dict(message.params))
    except TemplateError:
        return None


def advertising_decision(message: Message, now: datetime.datetime):
    from messaging.eligibility import SEND, defer, skip

    if not has_consent(message.recipient, Purpose.MARKETING):
        return skip(SkipReason.NO_MARKETING_CONSENT)
    # Advertising is never 알림톡; the catalogue refuses such a template, this refuses such a row.
    if message.channel != Channel.BRAND:
        return skip(SkipReason.NOT_ADVERTISING_READY)
    content = rendered(message)
    if content is None or content_problems(content):
        return skip(SkipReason.NOT_ADVERTISING_READY)
    until = next_daytime(now)
    if until is not None:
        return defer(until)
    return SEND
