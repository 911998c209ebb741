"""`migrate`, connected as the owner role when MIGRATION_DATABASE_URL is set (issue 17).

The web and the workers connect as an app role that owns no table (privacy/database/roles.py), so
they cannot create or alter tables either; migrations connect as the owner instead, and after
each run the app role's grants are set again (default privileges already cover new tables;
this also narrows the access log's, whatever a migration created). Without the variable it is
Django's migrate, unchanged: development, tests and single-role installations.
"""

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from privacy.database import roles as db_roles


class Command(migrate.Command):
    help = (
        migrate.Command.help + " MIGRATION_DATABASE_URL이 있으면 그 역할(테이블 소유자)로 "
        "접속하고, 끝나면 앱 역할(DATABASE_URL)의 권한을 다시 설정합니다."
    )

    def handle(self, *args, **options):
        url = settings.MIGRATION_DATABASE_URL
        if not url or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        app = connections[DEFAULT_DB_ALIAS].settings_dict["USER"]
        with db_roles.migration_connection(url) as owner_connection:
            owner = owner_connection.settings_dict["USER"]
            if options["verbosity"] >= 1:
                self.stdout.write(f"Migrating as {owner} (MIGRATION_DATABASE_URL); app role {app}.")
            super().handle(*args, **options)
            if options["plan"] or options["check_unapplied"]:
                return None
            if not app or owner == app:
                self.stderr.write(
                    "DATABASE_URL names no role apart from MIGRATION_DATABASE_URL's: "
                    "the app role's grants are unchanged."
                )
                return None
            with transaction.atomic(), owner_connection.cursor() as cursor:
                for statement in db_roles.grant_statements(owner=owner, app=app):
                    cursor.execute(statement)
            if options["verbosity"] >= 1:
                self.stdout.write(f"Grants of {app} set.")
        return None
