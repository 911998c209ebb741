"""The services members can ask for: a catalog as data, in the members' words (해요체)."""

import datetime
from dataclasses import dataclass

from django.db import models


class ServiceKind(models.TextChoices):
    COVER_LETTER_REVIEW = "cover_letter_review", "자기소개서 첨삭"
    MOCK_INTERVIEW = "mock_interview", "모의면접"
    CAREER_COACHING = "career_coaching", "커리어 코칭"


class JobFamily(models.TextChoices):
    DEVELOPMENT = "development", "개발"
    DATA = "data", "데이터"
    DESIGN = "design", "디자인"
    PLANNING = "planning", "기획·전략"
    MARKETING = "marketing", "마케팅·광고"
    SALES = "sales", "영업"
    MANAGEMENT_SUPPORT = "management_support", "경영지원·인사"
    FINANCE = "finance", "금융·회계"
    RESEARCH = "research", "연구개발"
    PRODUCTION = "production", "생산·품질"
    PUBLIC = "public", "공공·공기업"


class Industry(models.TextChoices):
    IT = "it", "IT·인터넷"
    MANUFACTURING = "manufacturing", "제조"
    FINANCE = "finance", "금융"
    CONSUMER = "consumer", "유통·소비재"
    MEDIA = "media", "미디어·엔터테인먼트"
    BIO = "bio", "바이오·제약"
    ENERGY = "energy", "에너지·화학"
    PUBLIC = "public", "공공기관"
    CONSULTING = "consulting", "컨설팅"


@dataclass(frozen=True)
class Service:
    kind: ServiceKind
    # The turnaround clock starts at acceptance; None where a session time is agreed instead.
    turnaround: datetime.timedelta | None
    revision_rounds: int
    turnaround_text: str
    deliverable: str
    scheduled: bool = False

    @property
    def label(self) -> str:
        return self.kind.label


SERVICES: dict[str, Service] = {
    ServiceKind.COVER_LETTER_REVIEW: Service(
        kind=ServiceKind.COVER_LETTER_REVIEW,
        turnaround=datetime.timedelta(hours=48),
        revision_rounds=1,
        turnaround_text="컨설턴트가 요청을 수락한 때부터 48시간 안에 피드백을 드려요.",
        deliverable=(
            "공유한 자기소개서의 문장마다 달린 의견과 전체 총평을 받아요. "
            "수정 1회가 포함돼 있어서, 고친 뒤 한 번 더 봐 달라고 요청할 수 있어요."
        ),
    ),
    ServiceKind.MOCK_INTERVIEW: Service(
        kind=ServiceKind.MOCK_INTERVIEW,
        turnaround=datetime.timedelta(days=7),
        revision_rounds=0,
        turnaround_text=(
            "컨설턴트가 면접 시간을 제안하고, 회원님이 확정하면 그 시간에 진행해요. "
            "수락한 때부터 7일 안에 진행해요."
        ),
        deliverable="예상 질문으로 진행하는 모의면접과, 답변마다 정리한 피드백을 받아요.",
        scheduled=True,
    ),
    ServiceKind.CAREER_COACHING: Service(
        kind=ServiceKind.CAREER_COACHING,
        turnaround=datetime.timedelta(hours=72),
        revision_rounds=0,
        turnaround_text="컨설턴트가 요청을 수락한 때부터 72시간 안에 답변을 드려요.",
        deliverable=(
            "프로필과 고민을 바탕으로 희망 직무·산업에 맞춘 준비 방향과 다음 할 일을 정리해 드려요."
        ),
    ),
}


def service_for(kind: str) -> Service:
    return SERVICES[kind]
