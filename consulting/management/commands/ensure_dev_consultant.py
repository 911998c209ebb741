from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from consulting.catalog import Industry, JobFamily
from consulting.models import ConsultantProfile

DEV_CONSULTANT_USERNAME = "consultant"


class Command(BaseCommand):
    help = "Create or refresh the development-only consultant account printed by `make run`."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("ensure_dev_consultant is for development only.")
        password = settings.DEV_ADMIN_PASSWORD
        if not password:
            raise CommandError("DEV_ADMIN_PASSWORD is empty; run `make .env` first.")
        user, _ = User.objects.get_or_create(
            username=DEV_CONSULTANT_USERNAME, defaults={"role": Role.CONSULTANT}
        )
        user.role = Role.CONSULTANT
        user.is_staff = False
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.save()
        ConsultantProfile.objects.get_or_create(
            consultant=user,
            defaults={
                "display_name": "개발용 컨설턴트",
                "headline": "IT 기업 인사팀 10년, 자기소개서와 면접을 봐 드려요",
                "job_families": [JobFamily.DEVELOPMENT, JobFamily.PLANNING],
                "industries": [Industry.IT],
                "career_summary": "개발용 계정이에요.",
                "is_listed": True,
            },
        )
        self.stdout.write(f"{user.username}:{password}")
