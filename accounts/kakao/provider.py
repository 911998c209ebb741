"""allauth's Kakao provider, narrowed to what the privacy policy lets us collect."""

from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.kakao.provider import KakaoProvider

from accounts.kakao.views import LifementoKakaoOAuth2Adapter


class KakaoConsentMissing(ProviderException):
    """Kakao answered, but without an item we must have (the person declined to share it)."""

    def __init__(self, item: str) -> None:
        super().__init__(f"Kakao did not provide {item}")
        self.item = item


def normalize_phone(raw: str) -> str:
    """Kakao sends '+82 10-1234-5678'; members know their number as '010-1234-5678'."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.strip().startswith("+82") and digits.startswith("82"):
        digits = "0" + digits[2:]
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


class LifementoKakaoProvider(KakaoProvider):
    oauth2_adapter_class = LifementoKakaoOAuth2Adapter

    def extract_extra_data(self, data) -> dict:
        # allauth would keep Kakao's whole user-info JSON (email, nickname, profile image).
        # The policy lists none of it: keep only the Kakao id that links the account.
        return {"id": data["id"]}

    def extract_common_fields(self, data) -> dict:
        account = data.get("kakao_account") or {}
        name = (account.get("name") or "").strip()
        phone = (account.get("phone_number") or "").strip()
        if not name:
            raise KakaoConsentMissing("name")
        if not phone:
            raise KakaoConsentMissing("phone_number")
        # Keys deliberately not "phone"/"email": allauth would apply its own handling to those.
        return {"kakao_name": name[:50], "kakao_phone": normalize_phone(phone)}

    def extract_email_addresses(self, data) -> list:
        return []


provider_classes = [LifementoKakaoProvider]
