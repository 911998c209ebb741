"""The provisions to third parties (제3자 제공) a member can make, in the privacy policy's words.

Privacy policy, 개인정보의 제3자 제공: "원칙적으로 이용자의 개인정보를 제3자에게 제공하지
않습니다. 다만, 아래의 경우에는 예외로 합니다. … 컨설팅 서비스 이용시 원활한 컨설팅 진행을 위해
컨설턴트에게 사전 정보 제공". A provision names the consent it rests on (the member may refuse or
withdraw it at any time), the processing-hold purpose that stops it (privacy.holds), the kind of
account that may receive it, and the policy purpose that names it. The categories a grant may
carry are exactly those whose purposes in the policy's table name that purpose (the registry's
categories, privacy.registry.categories): 본인 프로필 and 컨설팅 say "컨설팅 요청시 컨설턴트와
정보 공유", so a consultant can be given profile items and the copies a member makes for a
consulting request (자기소개서 and 경험 reach a consultant only as such a copy). Sharing the live
cover letters or experiences would need a policy version that says so first; then it follows
from the registry, with no change here. A grant can never hand over what the policy and its
consent do not cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from privacy.consents.purposes import Purpose
from privacy.holds import COMPANY_APPLICATION, CONSULTANT_VIEW
from privacy.notices.selectors import policy_timeline, policy_versions_in_force
from privacy.registry.categories import (
    APPLYING_POLICY,
    CONSULTANT_ACCESS_DAYS,
    CONSULTANT_COPY_KEPT_DAYS,
    CONSULTING_POLICY,
)
from privacy.registry.registry import Category, registry


class SharingPurpose(models.TextChoices):
    """Stored on each grant; the value is the consent purpose the provision rests on."""

    CONSULTANT = Purpose.CONSULTANT_SHARING.value, "컨설팅을 위한 컨설턴트 사전 정보 제공"
    COMPANY = Purpose.COMPANY_APPLICATION.value, "파트너 회사에 지원서 제공"


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
    # The policy page's 제3자 제공 table, in the policy's words: who receives it (the kind of
    # recipient; the consent screen names the person), why, and for how long. Its 제공 항목
    # are the provision's categories (`provided_text`). Shown from the version `policy_from`.
    recipient_text: str = ""
    purpose_text: str = ""
    retention_text: str = ""
    # The policy's sentence about this provision, in its list of exceptions.
    policy_text: str = ""
    policy_from: str = ""
    # The 제공 항목 cell when the provision hands over a copy the member assembles on its own
    # screen rather than registry categories (an application: the letter and the profile items
    # the member ticked). Set, the provision has no categories: no grant can carry anything.
    items_text: str = ""

    @property
    def categories(self) -> frozenset[str]:
        """Names of the registry categories whose purposes name this provision."""
        return frozenset(c.name for c in self.category_list())

    def category_list(self) -> list[Category]:
        """The registry categories whose purposes name this provision, in the policy's order."""
        if not self.policy_purpose:
            return []
        return [c for c in registry.ordered_categories() if self.policy_purpose in c.purposes]

    def provided_text(self, categories: list[Category] | None = None) -> str:
        """The 제공 항목 cell: what of each of `categories` (by default all of this
        provision's) is handed over."""
        if self.items_text:
            return self.items_text
        shown = self.category_list() if categories is None else categories
        return ", ".join(c.provided or c.name for c in shown)


PROVISIONS: dict[str, Provision] = {
    SharingPurpose.CONSULTANT: Provision(
        purpose=SharingPurpose.CONSULTANT,
        consent=Purpose.CONSULTANT_SHARING,
        hold=CONSULTANT_VIEW,
        recipient_role="consultant",
        policy_purpose="컨설팅 요청시 컨설턴트와 정보 공유",
        log_reason="회원이 컨설팅을 위해 공유한 정보 열람 (제3자 제공 동의)",
        recipient_text="회원이 고른 컨설턴트 (라이프멘토 제휴 컨설턴트)",
        purpose_text="컨설팅 서비스 이용시 원활한 컨설팅 진행을 위한 사전 정보 제공",
        retention_text=(
            f"해당 컨설팅이 끝날 때까지 (최대 {CONSULTANT_ACCESS_DAYS}일), 열람이 끝나고 "
            f"{CONSULTANT_COPY_KEPT_DAYS}일 뒤 사본 파기"
        ),
        policy_text=(
            "컨설팅 서비스 이용시 원활한 컨설팅 진행을 위해 컨설턴트에게 사전 정보 제공: "
            "회원이 컨설팅을 요청하면서 별도의 동의 화면에서 그때마다 동의한 경우에 한하여, "
            "회원이 고른 컨설턴트에게 회원이 고른 본인 프로필, 자기소개서, 경험 항목의 사본을 "
            f"제공합니다. 컨설턴트는 해당 컨설팅이 끝날 때까지(최대 {CONSULTANT_ACCESS_DAYS}일) "
            f"열람할 수 있으며, 열람이 끝나면 {CONSULTANT_COPY_KEPT_DAYS}일 뒤 사본을 파기합니다. "
            "회원은 개인정보 센터에서 언제든지 동의를 철회할 수 있고, 철회하면 컨설턴트는 "
            "더 이상 열람할 수 없습니다."
        ),
        policy_from=CONSULTING_POLICY,
    ),
    # Applying to a partner company through LifeMento (issue 14). The copy is assembled by
    # recruiting on the apply page and handed to the company by staff (the staff copy), so no
    # LifeMento account receives it and no grant is ever made (recipient_role is empty). The
    # consent is asked once per application and recorded with it (grant_ref: the application).
    SharingPurpose.COMPANY: Provision(
        purpose=SharingPurpose.COMPANY,
        consent=Purpose.COMPANY_APPLICATION,
        hold=COMPANY_APPLICATION,
        recipient_role="",
        policy_purpose="",
        log_reason="회원이 지원한 회사에 전달할 지원서 사본 열람 (제3자 제공 동의)",
        recipient_text="회원이 지원한 라이프멘토 파트너 회사",
        purpose_text="채용 전형 진행 (지원자 서류 검토 및 연락)",
        items_text=(
            "회원이 지원할 때 고른 자기소개서와 본인 프로필 항목 (이름·희망 직무 필수, "
            "생년월일·학력·경력·희망 산업·현재 상황 및 고민 중 회원이 고른 항목, 지원 시점의 "
            "사본으로 제공)"
        ),
        retention_text="채용 절차 종료 후 지체 없이 파기 (최대 1년, 회사마다 지원 화면에 표시)",
        policy_text=(
            "라이프멘토를 통해 파트너 회사의 채용 공고에 지원하는 경우 지원한 회사에 지원서 "
            "제공: 회원이 지원하면서 지원 화면에서 그때마다 따로 동의한 경우에 한하여, 지원한 "
            "회사에 회원이 고른 자기소개서와 본인 프로필 항목의 사본을 제공합니다. 회사는 채용 "
            "전형 진행을 위해 이용하고 채용 절차가 끝나면 지체 없이(최대 1년) 파기합니다. "
            "동의하지 않으면 라이프멘토를 통해 지원할 수 없으며, 지원한 뒤 동의를 철회하면 "
            "라이프멘토는 그 지원서를 회사에 더 이상 제공하지 않습니다."
        ),
        policy_from=APPLYING_POLICY,
    ),
}


def stated(rule: Provision) -> bool:
    """Whether a policy version in force states the provision (its `policy_from` has come, in
    KST): before that no grant is made, whatever the member consents to, because the policy
    must say to whom and what is provided before it is (개인정보 보호법 제30조). The embedded
    default previews a provision early (settings.PROVISIONS_BEFORE_POLICY, refused in
    production)."""
    if settings.PROVISIONS_BEFORE_POLICY:
        return True
    return not rule.policy_from or rule.policy_from in policy_versions_in_force()


def stated_from(rule: Provision):
    """The date the version that states the provision takes effect (None: unknown)."""
    for version in policy_timeline().versions:
        if version.version == rule.policy_from:
            return version.effective_date
    return None


def provision_stated(purpose: str) -> bool:
    """For the domains: may `purpose` be provided today (privacy.api)."""
    return stated(provision(purpose))


def provision_stated_from(purpose: str):
    return stated_from(provision(purpose))


def provision(purpose: str) -> Provision:
    try:
        return PROVISIONS[purpose]
    except KeyError:
        raise ValueError(f"{purpose!r} is not a provision to a third party") from None
