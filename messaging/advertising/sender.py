"""Who sends LifeMento's advertising, as 정보통신망법 제50조④ and 시행령 별표 6 make every
advertising message say: the sender's name and contact, and a way to refuse at no cost.

Settings, so the text in the approved templates never goes stale when the contact changes:

- ADVERTISING_SENDER_NAME: the operator, as the privacy policy names it.
- ADVERTISING_SENDER_CONTACT: a telephone number or address the member can reach. The policy
  still has a placeholder ("[전화번호], [이메일]"); until it is set, no advertising is sent at all
  (rules.advertising_decision refuses a message whose contact is empty).
- ADVERTISING_OPT_OUT_080: the provider's free 080 unsubscribe number for brand messages
  (NHN's `unsubscribeNo`), optional; the privacy centre's consent switch is always offered.
"""

from __future__ import annotations

from django.conf import settings

# Where the member switches the marketing consent off, free of charge, at any time.
REFUSAL_PATH = "/privacy/"


def sender_name() -> str:
    return settings.ADVERTISING_SENDER_NAME


def sender_contact() -> str:
    return settings.ADVERTISING_SENDER_CONTACT


def opt_out_080() -> str:
    return settings.ADVERTISING_OPT_OUT_080


def refusal_line() -> str:
    """The free refusal path, as rendered into #{수신거부}."""
    # An address the phone can open: a bare path in a KakaoTalk text is neither a link nor
    # something a person can type (시행령 별표 6: an easy way to refuse, free of charge).
    way = f"개인정보 센터에서 마케팅 동의 끄기 {settings.SITE_URL.rstrip('/')}{REFUSAL_PATH}"
    if opt_out_080():
        way += f" 또는 무료전화 {opt_out_080()}"
    return way


def sender_params() -> dict[str, str]:
    """The variables every advertising template carries: filled here, never by a campaign."""
    return {"발신자": sender_name(), "연락처": sender_contact(), "수신거부": refusal_line()}
