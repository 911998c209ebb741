"""The policy's categories (분류), in its own words: the one place they are defined. Apps register
their models under these constants; nothing looks a category up by its name."""

from privacy.registry.registry import (
    CONSULTANTS,
    Category,
    Retention,
    Rule,
    kept_in_retention_store,
    months_after_withdrawal,
    registry,
    until_account_ends,
    until_withdrawal,
)

SIGNUP = registry.category(
    Category(
        name="회원가입",
        order=1,
        items_text="간편 가입: [필수] Kakao: 이름, 카카오계정(전화번호), [선택] 카카오톡 메시지 전송",
        purposes=(
            "본인 확인 및 가입의사 확인",
            "신규 서비스 안내",
            "설문",
            "상담 및 문의처리",
            "회원 맞춤형 채용정보 제공",
        ),
        retention=until_withdrawal(),
    )
)
PROFILE = registry.category(
    Category(
        name="본인 프로필",
        order=2,
        items_text="[필수] 이름, 희망 직무 [선택] 생년월일, 학력, 경력, 희망 산업, 현재 상황 및 고민 등",
        purposes=(
            "프로필 내 데이터를 통한 취업활동 서비스 제공",
            "컨설팅 요청시 컨설턴트와 정보 공유",
            "각종 맞춤형 취업서비스 제공",
        ),
        retention=until_withdrawal(),
        provided="본인 프로필 중 회원이 고른 항목",
    )
)
EXPERIENCE = registry.category(
    Category(
        name="경험 나열",
        order=3,
        items_text="[필수] 경험 제목, 경험의 종류 [선택] 경험 한줄 요약, 진행 날짜, 경험 세부 내용 등",
        purposes=("경험 데이터를 통한 취업 준비 활동 서비스 제공", "각종 맞춤형 취업서비스 제공"),
        retention=until_withdrawal(),
    )
)
COVER_LETTER = registry.category(
    Category(
        name="자기소개서",
        order=4,
        items_text=(
            "[필수] 자기소개서 제목, 지원 직무 [선택] 필수 자격, 주요 업무, 우대 사항, 자기소개서 내용"
        ),
        purposes=("데이터를 통한 취업 준비 활동 서비스 제공", "각종 맞춤형 취업서비스 제공"),
        retention=until_withdrawal(),
    )
)
USAGE = registry.category(
    Category(
        name="서비스 이용",
        order=5,
        items_text=(
            "쿠키, 서비스 이용기록, 광고식별자, 사용자 ID, 모바일 기기 정보(OS 버전 및 모델명), "
            "암호화된 사용자 정보"
        ),
        purposes=(
            "맞춤형 사용환경 제공",
            "접속자 관리",
            "사용자 활동 통계 확인 및 이벤트/프로모션/광고/마케팅 이용",
        ),
        retention=months_after_withdrawal(3, "회원 탈퇴 시 3개월 이내 파기"),
    )
)

# The policy version that states consulting's data (issue 12): its table rows, the consultants'
# table and the provision's table on the policy page appear once it is in force.
CONSULTING_POLICY = "2026-12-10"
# The policy version that states applying to partner companies as a provision to a third party
# (issue 14: the companies' row in the 제3자 제공 table) and the member's application tracker.
APPLYING_POLICY = "2026-12-24"
# 제3자 제공 (privacy.sharing.provisions): a consultant sees a member's copy until the consulting
# ends, at most this long, and the copy is destroyed this long after that (consulting registers
# the rule with its Snapshot; tests/privacy/test_consulting_retention.py holds the two to it).
CONSULTANT_ACCESS_DAYS = 30
CONSULTANT_COPY_KEPT_DAYS = 7

# Consulting: the requests, the copies a member shares with a consultant and the feedback on
# them. The copies are kept only while the consultant may see them and a short grace after;
# the rest goes with the account.
CONSULTING = registry.category(
    Category(
        name="컨설팅",
        order=7,
        items_text=(
            "컨설팅 요청 내용, 회원이 골라 공유한 정보의 사본(본인 프로필 항목·자기소개서·경험), "
            "컨설턴트 의견과 답글, 총평, 면접 일정, 평가"
        ),
        purposes=("컨설팅 요청시 컨설턴트와 정보 공유", "컨설팅 서비스 제공"),
        retention=until_account_ends(
            f"회원 탈퇴 시 즉시 파기 (공유한 정보의 사본은 컨설턴트의 열람이 끝나고 "
            f"{CONSULTANT_COPY_KEPT_DAYS}일 뒤 파기)"
        ),
        policy_from=CONSULTING_POLICY,
        provided="회원이 고른 자기소개서·경험, 컨설팅 요청 내용 (요청 시점의 사본으로 제공)",
    )
)

# Consultants' own data: their card (shown to members) and what staff verified (never shown),
# and the name on an invitation until it is accepted. Sealed under the consultant's own key.
CONSULTANT_INVITATION_KEPT_DAYS = 30
CONSULTANT = registry.category(
    Category(
        name="컨설턴트 정보",
        order=8,
        items_text=(
            "[필수] 이름 [선택] 한 줄 소개, 전문 분야, 경력 요약, 검증한 자격(운영진만 열람)"
        ),
        purposes=(
            "컨설턴트 계정 관리 및 본인 확인",
            "회원에게 컨설턴트 소개",
            "컨설턴트 자격 검증",
        ),
        retention=until_account_ends(
            "컨설턴트 탈퇴 시 즉시 파기 (초대 정보는 초대 만료 "
            f"{CONSULTANT_INVITATION_KEPT_DAYS}일 뒤 파기)"
        ),
        subjects=CONSULTANTS,
        policy_from=CONSULTING_POLICY,
    )
)

# Outside the collection table: the policy's 파기 section keeps it after withdrawal. 회사를 통한
# 지원 이력이 있거나 입사 제안을 수신한 회원의 탈퇴 시 … 탈퇴 후 5년 동안 지원내역 및 지원 내역과
# 관련된 개인정보를 보관 (개인정보 보호법 제17조 제4항, 시행령 제14조의2 제1항). Registered by
# recruiting (the live rows) and privacy.retention (the copies in the separate store).
# 5 years, counted generously (two leap days) so the keeping is never cut short.
APPLICATION_RECORDS_DAYS = 5 * 365 + 2
APPLICATION_RECORDS = registry.category(
    Category(
        name="지원 내역",
        order=6,
        items_text=(
            "지원 내역 및 지원 내역과 관련된 개인정보 (지원한 자기소개서·프로필 사본, 입사 제안)"
        ),
        purposes=("회사의 서비스 제공에 관한 기업과의 계약 이행 완료",),
        retention=kept_in_retention_store(
            APPLICATION_RECORDS_DAYS,
            "탈퇴 후 5년 보관 후 파기 (개인정보보호법 제17조 제4항, 시행령 제14조의2 제1항)",
        ),
        in_collection_table=False,
    )
)


# KakaoTalk messages, sent through the processors the policy names in its 위탁 paragraph
# (엔에이치엔클라우드, then 카카오비즈니스: "회원 탈퇴 또는 위탁 계약 종료 시까지"). The log is kept as long as a member may
# ask about a message ("무슨 내용이었나요?", "왜 못 받았나요?"): six months from when it was
# queued (31-day months), and never past withdrawal. Registered by messaging.
MESSAGE_KEPT_MONTHS = 6
MESSAGES = registry.category(
    Category(
        name="카카오톡 메시지",
        order=9,
        items_text="카카오톡 메시지 전송 기록 (알림 종류, 템플릿, 템플릿 변수, 발송 결과), 재발송 사유",
        purposes=("서비스 알림 발송 및 발송 결과 문의 응대",),
        # Also 즉시 파기 at withdrawal: the withdrawal summary lists it with the rest.
        retention=until_account_ends("발송 요청 후 6개월이 지나면 파기 (회원 탈퇴 시 즉시 파기)"),
        # The policy states the processor in its 위탁 paragraph, not in the collection table.
        in_collection_table=False,
    )
)

# Kakao's user id of a member who withdrew, kept only to ask Kakao to end the Kakao Login link
# (messaging.kakao_unlink): blanked when Kakao confirms, and the row destroyed within the 5 days
# the policy gives any destruction (a call Kakao never accepted is given up then).
UNLINK_GIVEN_UP_DAYS = 5
KAKAO_UNLINK = registry.category(
    Category(
        name="카카오 연결 끊기",
        order=10,
        items_text="카카오 회원번호",
        purposes=("회원 탈퇴 시 카카오 로그인 연결 끊기",),
        retention=Retention(
            "탈퇴 후 카카오에 연결 끊기를 요청하는 데에만 쓰고, 요청이 끝나면 즉시 (늦어도 5일 안에) 파기",
            Rule.AFTER_WITHDRAWAL,
            days_after_withdrawal=UNLINK_GIVEN_UP_DAYS,
        ),
        in_collection_table=False,
    )
)

# 지원 관리 (issue 14): the member's own tracker of applications made outside LifeMento, the
# interview dates staff set on partner applications are part of the application (지원 내역),
# and the secret address of the member's calendar feed. Stated from the applying policy.
TRACKER = registry.category(
    Category(
        name="지원 관리",
        order=11,
        items_text=(
            "[필수] 회사명, 지원 직무, 진행 단계 [선택] 지원일, 다음 일정(날짜·시각·내용), "
            "사용한 자기소개서, 메모"
        ),
        purposes=("취업 준비 활동 서비스 제공",),
        retention=until_withdrawal(),
        policy_from=APPLYING_POLICY,
    )
)
