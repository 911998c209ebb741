"""Helpers for the tests of what members are told: a member who agreed to KakaoTalk messages,
and the one message a notification queued."""

from messaging.models import Message
from privacy.consents.models import ConsentChannel
from privacy.consents.purposes import Purpose
from privacy.consents.services import consent_record


def with_kakaotalk(member):
    consent_record(
        member=member,
        purpose=Purpose.KAKAOTALK,
        granted=True,
        channel=ConsentChannel.PRIVACY_CENTRE,
    )
    return member


def the_message(member, kind: str) -> Message:
    return Message.objects.get(recipient=member, kind=kind)
