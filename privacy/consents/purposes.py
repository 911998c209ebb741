"""The consents LifeMento asks for, as the privacy policy states them.

개인정보 보호법 제22조: each purpose that needs consent is shown separately, with its items,
purpose and retention, the right to refuse and what refusing costs; optional consents are
separate from the required one, and refusing them must not block sign-up.
"""

from dataclasses import dataclass

from django.db import models


class Purpose(models.TextChoices):
    MEMBERSHIP = "membership", "회원가입 및 서비스 이용"
    KAKAOTALK = "kakaotalk_messages", "카카오톡 메시지 수신"
    MARKETING = "marketing", "마케팅 및 광고 활용"
    # 제3자 제공: what a member shares with the consultant they chose (asked on the consulting
    # request's own screen each time; withdrawn per share or as a whole in the privacy centre).
    CONSULTANT_SHARING = "consultant_sharing", "컨설턴트에게 정보 제공"
    # 제3자 제공: what a member sends a partner company with an application (asked on the apply
    # page, once per application; withdrawn per application). Never a purpose-wide state.
    COMPANY_APPLICATION = "company_application", "기업에 지원서 제공"
    # Cookie choices (the cookie banner); essential cookies need no consent.
    COOKIES_STATISTICS = "cookies_statistics", "통계 쿠키"
    COOKIES_MARKETING = "cookies_marketing", "마케팅 쿠키"


@dataclass(frozen=True)
class ConsentPurpose:
    purpose: Purpose
    required: bool
    title: str
    items: str
    use: str
    retention: str
    refusal: str


CONSENT_PURPOSES: tuple[ConsentPurpose, ...] = (
    ConsentPurpose(
        purpose=Purpose.MEMBERSHIP,
        required=True,
        title="개인정보 수집·이용 동의 (회원가입)",
        items="이름, 카카오계정(전화번호)",
        use=(
            "본인 확인 및 가입의사 확인, 신규 서비스 안내, 설문, 상담 및 문의처리, "
            "회원 맞춤형 채용정보 제공"
        ),
        retention="회원 탈퇴 시 즉시 파기",
        refusal=(
            "동의를 거부할 수 있어요. 다만 회원 식별에 꼭 필요한 정보라서, "
            "동의하지 않으면 가입할 수 없어요."
        ),
    ),
    ConsentPurpose(
        purpose=Purpose.KAKAOTALK,
        required=False,
        title="카카오톡 메시지 수신 동의",
        items="카카오계정(전화번호)",
        use=(
            "컨설팅·지원 진행 상황과 마감일 알림을 카카오톡 메시지로 보내 드려요 "
            "(발송은 엔에이치엔클라우드(NHN Cloud)를 거쳐 카카오에 위탁해요)."
        ),
        retention="회원 탈퇴, 동의 철회 또는 위탁 계약 종료 시까지",
        refusal="동의하지 않아도 가입하고 모든 기능을 쓸 수 있어요. 카카오톡 알림만 받지 않아요.",
    ),
    ConsentPurpose(
        purpose=Purpose.MARKETING,
        required=False,
        title="마케팅 및 광고 활용 동의",
        items="이름, 카카오계정(전화번호), 서비스 이용기록",
        use=(
            "이벤트·프로모션 안내와 맞춤형 광고(추천 채용공고)에 활용해요. 카카오톡 브랜드 "
            "메시지로 보내고, 밤 8시 50분부터 아침 8시까지는 보내지 않아요. 동의하거나 "
            "철회하면 처리 결과를 바로 알려 드리고, 2년마다 동의 여부를 다시 알려 드려요."
        ),
        retention="회원 탈퇴 또는 동의 철회 시까지",
        refusal="동의하지 않아도 가입하고 모든 기능을 쓸 수 있어요. 혜택 안내만 받지 않아요.",
    ),
)

# Consents asked outside sign-up, switchable in the privacy centre.
CENTRE_PURPOSES: tuple[ConsentPurpose, ...] = (
    ConsentPurpose(
        purpose=Purpose.CONSULTANT_SHARING,
        required=False,
        title="컨설턴트에게 정보 제공 동의 (제3자 제공)",
        items="본인 프로필, 자기소개서, 경험 중 컨설팅을 요청할 때 고른 항목의 사본",
        use=(
            "컨설팅을 요청할 때마다 그 화면에서 따로 동의를 받고, 고르신 컨설턴트에게만 "
            "원활한 컨설팅을 위해 미리 보여 드려요 (컨설턴트는 읽고 의견만 남길 수 있어요)."
        ),
        retention=(
            "해당 컨설팅이 끝날 때까지 (최대 30일). 끝나면 7일 뒤 공유한 사본을 파기해요. "
            "여기서 철회하면 모든 컨설턴트가 바로 볼 수 없게 돼요."
        ),
        refusal="동의하지 않아도 다른 기능은 모두 쓸 수 있어요. 컨설팅만 이용할 수 없어요.",
    ),
)
COOKIE_PURPOSES = (Purpose.COOKIES_STATISTICS, Purpose.COOKIES_MARKETING)
SIGNUP_OPTIONAL_PURPOSES = tuple(p.purpose for p in CONSENT_PURPOSES if not p.required)

OPTIONAL_PURPOSES = tuple(p.purpose for p in CONSENT_PURPOSES if not p.required) + tuple(
    p.purpose for p in CENTRE_PURPOSES
)
