"""Why a viewer is refused a member's shared data (privacy.sharing.selectors.shared_view).

Each refusal carries a `reason` code for programs and tests and a `message` for the viewer, in
Korean. The message never says that a member's data is held for a rights request: that is the
member's own business, not the viewer's.
"""

from __future__ import annotations


class SharingRefused(Exception):
    """The viewer may not see the member's shared data now; `detail` is for the logs."""

    reason = "refused"
    message = "지금은 이 회원의 정보를 볼 수 없어요."

    def __init__(self, reason: str | None = None, detail: str = "") -> None:
        if reason is not None:
            self.reason = reason
        self.detail = detail
        super().__init__(f"{self.reason}: {detail}" if detail else self.reason)


class NoActiveGrant(SharingRefused):
    reason = "no_grant"  # or "revoked", "expired"
    message = "회원이 공유한 정보가 없거나 공유 기간이 끝났어요."


class ConsentNotInForce(SharingRefused):
    reason = "consent"
    message = "회원의 정보 제공 동의가 없거나 철회됐어요."


class SharingHeld(SharingRefused):
    """A processing hold (privacy.holds) covers the provision; `detail` holds its reason."""

    reason = "held"


class ProvisionNotStated(SharingRefused):
    """No policy version in force states the provision yet (privacy.sharing.provisions.stated)."""

    reason = "not_stated"
    message = "개인정보 처리방침에 이 제공이 적힌 날부터 이용할 수 있어요."


class MemberUnavailable(SharingRefused):
    reason = "member"  # withdrawn, or the account is inactive


class ViewerUnavailable(SharingRefused):
    reason = "viewer"  # the viewer's account is inactive or not of the provision's kind
    message = "이 계정으로는 회원의 정보를 볼 수 없어요."
