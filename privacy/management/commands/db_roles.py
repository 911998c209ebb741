"""`manage.py db_roles --owner X --app Y`: the PostgreSQL roles of least privilege (issue 17).

Prints the SQL (privacy/database/roles.py) for a database administrator to run once, as a
superuser: `manage.py db_roles --owner lifemento_owner --app lifemento_app | psql ...`. Every
statement can run again. `--apply` runs it through DATABASE_URL instead (a superuser's URL).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from privacy.database import roles as db_roles


class Command(BaseCommand):
    help = (
        "PostgreSQL 역할 두 개(테이블 소유자, 앱)를 만들고 권한을 설정하는 SQL을 출력합니다. "
        "관리자(superuser)가 psql로 한 번 실행하며, 다시 실행해도 됩니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="테이블 소유자 역할 (migrate가 접속)")
        parser.add_argument("--app", required=True, help="웹과 워커가 접속하는 역할")
        parser.add_argument("--database", help="데이터베이스 이름 (기본: DATABASE_URL의 이름)")
        parser.add_argument(
            "--apply", action="store_true", help="출력하지 않고 DATABASE_URL로 바로 실행합니다"
        )

    def handle(self, *args, owner, app, database, apply, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            raise CommandError("db_roles는 PostgreSQL에서만 씁니다 (DATABASE_URL).")
        statements = db_roles.setup_statements(
            owner=owner, app=app, database=database or connection.settings_dict["NAME"]
        )
        if not apply:
            self.stdout.write(db_roles.script(statements), ending="")
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        except DatabaseError as error:
            raise CommandError(
                f"역할 설정을 적용하지 못했어요 (아무것도 바뀌지 않았어요): {error}"
            ) from error
        self.stdout.write(f"역할 설정 완료: 소유자 {owner}, 앱 {app}.")
