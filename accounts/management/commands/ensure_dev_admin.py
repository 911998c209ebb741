from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User


class Command(BaseCommand):
    help = "Create or refresh the development-only staff account printed by `make run`."

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
        self.stdout.write(f"{user.username}:{password}")
