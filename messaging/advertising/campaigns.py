"""Staff send an advertising campaign: one brand message per member who may receive it.

Who may receive it is decided twice: here, to queue no row for a member without the marketing
and KakaoTalk consents (so a campaign's numbers mean something), and again when each message
is sent (messaging.eligibility.decide), because a consent withdrawn or a hold placed in between
must stop it. The sender's name, contact and refusal line are filled from settings
(messaging.advertising.sender), never by the campaign."""

from __future__ import annotations

from django.db import transaction

from messaging.advertising.sender import sender_params
from messaging.catalogue import TemplateError, template
from messaging.models import Channel
from messaging.services import message_enqueue
from privacy.api import Purpose, consents_in_force

BATCH = 500


def campaign_recipients():
    """Members whose marketing and KakaoTalk consents are in force and who have not
    withdrawn: one query, whatever their number."""
    kakaotalk = consents_in_force(Purpose.KAKAOTALK).values("member_id")
    rows = consents_in_force(Purpose.MARKETING).filter(
        member__withdrawn_at__isnull=True, member__is_active=True, member_id__in=kakaotalk
    )
    return rows.select_related("member").order_by("member_id")


def campaign_send(*, campaign: str, template_code: str, params: dict[str, str], links=None):
    """Queue `template_code` for every eligible member; `campaign` names it (the same campaign
    sent twice queues nothing new). `params` are the campaign's own variables; a variable named
    `이름` is the member's name. Returns how many messages were queued."""
    ad = template(template_code)
    if not ad.advertising or ad.channel != Channel.BRAND:
        raise TemplateError(f"{template_code} is not an advertising (brand) template")
    queued = 0
    for record in campaign_recipients().iterator(chunk_size=BATCH):
        member = record.member
        if not member.is_member:
            continue
        values = {**params, **sender_params()}
        if "이름" in ad.variables:
            values["이름"] = member.name
        with transaction.atomic():
            message = message_enqueue(
                member,
                ad.kinds[0] if ad.kinds else "advertising",
                template=ad,
                params=values,
                key=f"ad:{campaign}:{member.pk}",
            )
        queued += message is not None
    return queued
