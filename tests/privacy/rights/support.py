"""Builders for the desk's work-page tests: a request received by phone, and the form posts."""

from django.urls import reverse

from privacy.rights.receiving import IDENTITY_METHODS

RECEIVE = "admin:privacy_rightsrequest_receive"
BY_PHONE_CHECK = IDENTITY_METHODS[1][0]  # 전화 — 가입 정보 대조


def receive_data(phone: str, **fields) -> dict:
    data = {
        "received_via": "phone",
        "received_at": "2026-03-02T10:00",
        "phone": phone,
        "kind": "access",
        "detail": "프로필과 지원 내역에 어떤 정보가 있는지 알고 싶어요.",
        "identity_method": BY_PHONE_CHECK,
        "identity_note": "생년월일과 최근 지원 기업 확인",
        "_save": "접수 등록",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post_receive(client, phone: str, **fields):
    return client.post(reverse(RECEIVE), receive_data(phone, **fields))
