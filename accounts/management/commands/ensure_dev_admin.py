from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from privacy.staff.designation import staff_refusal
from privacy.staff.models import StaffDesignation, StaffRole
from privacy.staff.services import education_record, staff_designate

DEV_SCOPE = "개발 환경: 관리자 화면의 모든 개인정보 업무 (개발용 계정, 운영 환경에는 없음)"
DEV_COURSE = "개발 환경 자동 기록 (실제 교육 아님)"


class Command(BaseCommand):
    help = "Create or refresh the development-only staff account printed by `make run`."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("ensure_dev_admin is for development only.")
        password = settings.DEV_ADMIN_PASSWORD
        if not password:
            raise CommandError("DEV_ADMIN_PASSWORD is empty; run `make .env` first.")
        user, _ = User.objects.get_or_create(
            username=settings.DEV_ADMIN_USERNAME,
            defaults={"role": Role.STAFF, "name": "개발용 관리자"},
        )
        user.role = Role.STAFF
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self._designate_as_officer(user)
        self.stdout.write(f"{user.username}:{password}")

    def _designate_as_officer(self, user) -> None:
        """Being a superuser opens no member's data (privacy.staff.designation): the dev
        account is designated 개인정보 보호책임자, educated today, so `make run` stays usable."""
        today = timezone.localdate()
        if not StaffDesignation.objects.in_force(today).filter(staff=user, role=StaffRole.OFFICER):
            staff_designate(staff=user, role=StaffRole.OFFICER, scope=DEV_SCOPE, on=today)
        if staff_refusal(user) is not None:
            education_record(staff=user, course=DEV_COURSE, completed_on=today, hours=1)
