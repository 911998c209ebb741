import secrets
import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone

from privacy.keys.fields import BlindIndexField, EncryptedCharField
from privacy.keys.rows import SealedRow


class Role(models.TextChoices):
    MEMBER = "member", "회원"
    CONSULTANT = "consultant", "컨설턴트"
    STAFF = "staff", "운영진"


def new_member_username() -> str:
    # Members never type a username; it is an opaque handle, not derived from Kakao data.
    return f"m_{secrets.token_hex(10)}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def members(self):
        """Member accounts (not consultants or staff)."""
        return self.filter(role=Role.MEMBER)

    def create_user(self, username: str, password: str | None = None, **fields):
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_staff(self, username: str, password: str, **fields):
        fields.setdefault("role", Role.STAFF)
        fields.setdefault("is_staff", True)
        return self.create_user(username, password, **fields)

    def create_superuser(self, username: str, password: str, **fields):
        fields.setdefault("is_superuser", True)
        return self.create_staff(username, password, **fields)


class User(SealedRow, AbstractBaseUser, PermissionsMixin):
    """An account: a member (Kakao only), a consultant or staff (password, admin).

    A member's 회원가입 data is exactly what the privacy policy lists: 이름 and
    카카오계정(전화번호). No email, nickname or profile image is kept.
    """

    username = models.CharField("아이디", max_length=150, unique=True)
    role = models.CharField("역할", max_length=20, choices=Role.choices, default=Role.MEMBER)
    # The data subject whose key encrypts this account's personal data (privacy.keys.datakeys).
    subject = models.UUIDField("정보주체 ID", default=uuid.uuid4, unique=True, editable=False)
    name = EncryptedCharField("이름", max_length=50, blank=True)
    phone = EncryptedCharField("카카오계정(전화번호)", max_length=20, blank=True)
    # Equality lookups by phone without storing it in the clear.
    phone_index = BlindIndexField("전화번호 검색 색인", source="phone")
    is_staff = models.BooleanField("관리자 화면 접근", default=False)
    is_active = models.BooleanField("활성", default=True)
    date_joined = models.DateTimeField("가입일", default=timezone.now)
    # Set by the withdrawal's first transaction (privacy.withdrawal.runner.member_withdraw, its
    # last step), together with shredding the data key; the account row and everything keyed to
    # it are then deleted by privacy.retention.engine (at once, and by the daily job if that was
    # interrupted).
    withdrawn_at = models.DateTimeField("탈퇴 일시", null=True, blank=True, db_index=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "계정"
        verbose_name_plural = "계정"

    def __str__(self) -> str:
        return self.username

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class MemberSession(AbstractBaseSession):
    """Django's database session plus whose session it is, so that all sessions of an account
    can be ended at once (withdrawal). Not a foreign key: anonymous sessions exist, and a
    session row must never block deleting its account.

    `session_key` holds a keyed hash of the cookie's key, never the key itself, and the data is
    sealed to that hash (accounts.session_store): a row read from the table is no cookie."""

    session_key = models.CharField("세션 키의 해시", max_length=64, primary_key=True)
    user_id = models.BigIntegerField(null=True, db_index=True)

    @classmethod
    def get_session_store_class(cls):
        from accounts.session_store import SessionStore

        return SessionStore

    def get_decoded(self) -> dict:
        return self.get_session_store_class().open_row(self.session_key, self.session_data)

    class Meta:
        verbose_name = "세션"
        verbose_name_plural = "세션"


class PendingSignup(models.Model):
    """A Kakao sign-up waiting on the consent page: the future member's data subject, whose
    own data key seals the name and phone Kakao gave in the session (accounts.session_store),
    and when that session expires. Joining deletes the row with the same transaction that
    creates the account; an abandoned sign-up's key is shredded by the daily destruction job
    once its session has expired (accounts.privacy), so no data key outlives a sign-up that
    never happened."""

    subject = models.UUIDField(unique=True)
    expire_date = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "가입 대기"
        verbose_name_plural = "가입 대기"

    def __str__(self) -> str:
        return f"가입 대기 {self.subject}"


class KakaoUnlinkNotice(models.Model):
    """Kakao's unlink callback said a member's Kakao account is gone or no longer linked to us
    (accounts.kakao.unlink): the withdrawal it asks for is owed until it is done. Written in the
    callback's own transaction, so a task lost after the 200 (Redis down, a worker killed) only
    delays the withdrawal until the sweep finds this row; the withdrawal deletes the account,
    and this row with it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    referrer_type = models.CharField(max_length=40)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "카카오 연결 끊김 통보"
        verbose_name_plural = "카카오 연결 끊김 통보"

    def __str__(self) -> str:
        return f"카카오 연결 끊김 통보 #{self.pk}"
