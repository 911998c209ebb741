"""Policy versions, the public notice board (공지사항) and the entrustment table (처리 위탁).

개인정보처리방침: "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지" — a version carries its
effective date and the time it was published, and publishing it posts a notice (services).
None of these rows hold personal data (privacy/notices/privacy.py).
"""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

version_label = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z._-]*$",
    "버전은 영문, 숫자, 점(.), 하이픈(-), 밑줄(_)로만 적어 주세요. 예: 2025-03-01",
)


class PolicyVersion(models.Model):
    """A version of the privacy policy: a draft until it is published, then never edited. What
    members were told, and when, must stay as it was (a correction is a newer version).

    One source of truth for the page members read: `text` is the document the page renders
    (its format: privacy.notices.document), and `snapshot`
    holds the tables of the policy page (collection items from the retention registry, the
    consultants' own data, the provisions to third parties, the entrustment table) exactly as
    the page renders them, taken when the draft is written and again at publication. The
    policy page renders the version in force from its snapshot, so neither a change to the
    registry's code nor one to the entrustment table changes what members read until a new
    version says so (privacy.notices.snapshots)."""

    version = models.CharField(
        "버전",
        max_length=20,  # privacy.ConsentRecord.policy_version names it
        unique=True,
        validators=[version_label],
        help_text="동의 기록에 남는 이름이에요. 예: 2025-03-01",
    )
    effective_date = models.DateField("시행일", unique=True)
    # Null while a draft: drafts are not in force, not announced, never a consent's version.
    published_at = models.DateTimeField(
        "공지 일시", default=timezone.now, null=True, blank=True, db_index=True
    )
    summary = models.TextField(
        "주요 변경 내용", help_text="공지사항과 재동의 화면에 보여요. 회원이 읽기 쉽게 적어 주세요."
    )
    text = models.TextField(
        "방침 전문",
        help_text=(
            "회원이 읽는 방침 화면이 이 글 그대로예요. 한 줄이 한 문단이고, ‘# ’로 시작하면 제목, "
            "‘- ’는 목록, ‘1. ’은 번호 목록, ‘용어 :: 설명’은 용어 풀이, **굵게**예요. 표 자리에는 "
            "[[표:수집항목]], [[표:컨설턴트]], [[표:제3자제공]], [[표:위탁]]을 한 줄로, 보호책임자 "
            "연락처 자리에는 [[보호책임자]]를 적고, [[공지사항]]은 공지사항 링크가 돼요. "
            "저장한 뒤 미리보기로 확인해 주세요."
        ),
    )
    reconsent_required = models.BooleanField(
        "필수 동의 내용 변경",
        default=False,
        help_text=(
            "필수 동의(회원가입)의 목적, 항목 또는 보유기간이 바뀌면 체크하세요. "
            "시행일 이후 회원이 처음 방문할 때 다시 동의를 받아요."
        ),
    )

    snapshot = models.JSONField(
        "방침 화면의 표",
        default=dict,
        blank=True,
        help_text="수집 항목, 제3자 제공, 처리 위탁 표를 이 버전을 공지할 때의 모습으로 보관해요.",
    )

    class Meta:
        verbose_name = "개인정보처리방침 버전"
        verbose_name_plural = "개인정보처리방침 버전"
        ordering = ["-effective_date"]

    def __str__(self) -> str:
        if self.is_draft:
            return f"{self.version} (초안, {self.effective_date:%Y-%m-%d} 시행 예정)"
        return f"{self.version} ({self.effective_date:%Y-%m-%d} 시행)"

    def get_absolute_url(self) -> str:
        return reverse("notices:policy_version", args=[self.version])

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class NoticeKind(models.TextChoices):
    GENERAL = "general", "일반"
    POLICY_CHANGE = "policy_change", "개인정보처리방침 변경"
    ENTRUSTMENT = "entrustment", "개인정보 처리 위탁 변경"


class Notice(models.Model):
    title = models.CharField("제목", max_length=120)
    body = models.TextField("내용")
    kind = models.CharField(
        "종류", max_length=20, choices=NoticeKind.choices, default=NoticeKind.GENERAL
    )
    published_at = models.DateTimeField("게시 일시", default=timezone.now, db_index=True)
    policy_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="개인정보처리방침 버전",
    )

    class Meta:
        verbose_name = "공지사항"
        verbose_name_plural = "공지사항"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])


class Entrustment(models.Model):
    """A row of the policy's 개인정보 처리 위탁 table. Saved only through privacy.notices.services,
    which also announces the change (처리방침: 변경 시 지체 없이 공개)."""

    trustee = models.CharField("수탁자", max_length=100)
    task = models.CharField("위탁 업무", max_length=200)
    retention = models.CharField("보유 및 이용기간", max_length=200)
    order = models.PositiveSmallIntegerField("표시 순서", default=0)
    updated_at = models.DateTimeField("변경 일시", default=timezone.now)

    class Meta:
        verbose_name = "개인정보 처리 위탁"
        verbose_name_plural = "개인정보 처리 위탁"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.trustee} — {self.task}"
