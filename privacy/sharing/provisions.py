"""The provisions to third parties (제3자 제공) a member can make, in the privacy policy's words.

Privacy policy, 개인정보의 제3자 제공: "원칙적으로 이용자의 개인정보를 제3자에게 제공하지
않습니다. 다만, 아래의 경우에는 예외로 합니다. … 컨설팅 서비스 이용시 원활한 컨설팅 진행을 위해
컨설턴트에게 사전 정보 제공". A provision names the consent it rests on (the member may refuse or
withdraw it at any time), the processing-hold purpose that stops it (privacy.holds), the kind of
account that may receive it, and the policy purpose that names it. The categories a grant may
carry are exactly those whose purposes in the policy's table name that purpose (the registry's
categories, privacy.registry.categories): today only 본인 프로필 says "컨설팅 요청시 컨설턴트와
정보 공유", so a consultant can be given profile items and nothing else. Sharing cover letters
or experiences needs a policy version that says so first; then it follows from the registry,
with no change here. A grant can never hand over what the policy and its consent do not cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from privacy.consents.purposes import Purpose
from privacy.holds import CONSULTANT_VIEW
from privacy.registry.registry import registry


class SharingPurpose(models.TextChoices):
    """Stored on each grant; the value is the consent purpose the provision rests on."""

    CONSULTANT = Purpose.CONSULTANT_SHARING.value, "컨설팅을 위한 컨설턴트 사전 정보 제공"


@dataclass(frozen=True)
class Provision:
    purpose: SharingPurpose
    consent: str  # privacy.consents.purposes.Purpose: in force for every view
    hold: str  # privacy.holds purpose: a hold on it refuses every view
    recipient_role: str  # the account role (accounts.Role value) that may be the viewer
    # The purpose, in the policy table's words, that a category must list to be shared.
    policy_purpose: str
    # The access-log reason of each view (shown to the member in their access history).
    log_reason: str

    @property
    def categories(self) -> frozenset[str]:
        """Names of the registry categories whose purposes name this provision."""
        return frozenset(
            category.name
            for category in registry.ordered_categories()
            if self.policy_purpose in category.purposes
        )


PROVISIONS: dict[str, Provision] = {
    SharingPurpose.CONSULTANT: Provision(
        purpose=SharingPurpose.CONSULTANT,
        consent=Purpose.CONSULTANT_SHARING,
        hold=CONSULTANT_VIEW,
        recipient_role="consultant",
        policy_purpose="컨설팅 요청시 컨설턴트와 정보 공유",
        log_reason="회원이 컨설팅을 위해 공유한 정보 열람 (제3자 제공 동의)",
    ),
}


def provision(purpose: str) -> Provision:
    try:
        return PROVISIONS[purpose]
    except KeyError:
        raise ValueError(f"{purpose!r} is not a provision to a third party") from None
