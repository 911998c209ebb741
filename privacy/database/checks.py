"""Deploy check: the app's database role cannot switch the access log's guards off (issue 17;
privacy/database/roles.py)."""

from django.core.checks import Warning, register
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


@register(deploy=True)
def app_role_cannot_bypass_the_guards(app_configs, **kwargs):
    """privacy.W401–W406: the app connects as a role that could switch the access log's
    guards off (superuser, owner of the tables or a member of their owner), or that holds
    more than it needs (privacy/database/roles.py). Skipped off PostgreSQL or when unreachable."""
    from privacy.database.roles import floor_comment, kept_days, role_report_sql

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(role_report_sql())
            row = cursor.fetchone()
    except DatabaseError:
        return []  # not reachable from where the check runs: nothing to say about its roles
    if row is None:
        return []
    role, superuser, createrole, owners, truncatable, ungranted, too_much, floor = row
    hint = "See README, 'Database roles': run `manage.py db_roles` and connect as the app role."
    if superuser:
        return [
            Warning(
                f"DATABASE_URL connects as {role}, a superuser (or BYPASSRLS): it can disable "
                "the access log's triggers.",
                hint=hint,
                id="privacy.W401",
            )
        ]
    warnings = []
    if owners:
        warnings.append(
            Warning(
                f"DATABASE_URL connects as {role}, which owns the tables (as {owners}): it can "
                "disable or drop the access log's triggers.",
                hint=hint + " Migrations connect as the owner (MIGRATION_DATABASE_URL).",
                id="privacy.W402",
            )
        )
    if createrole:
        warnings.append(
            Warning(
                f"DATABASE_URL connects as {role}, which has CREATEROLE.",
                hint=hint,
                id="privacy.W403",
            )
        )
    if not owners and (truncatable or too_much):
        what = ", ".join(
            x for x in (truncatable and f"TRUNCATE on {_few(truncatable)}", too_much) if x
        )
        warnings.append(
            Warning(
                f"The app role {role} holds more than it needs: {what}.",
                hint="Run the grants again: `manage.py migrate` with MIGRATION_DATABASE_URL set.",
                id="privacy.W404",
            )
        )
    if not owners and floor != floor_comment(kept_days()):
        warnings.append(
            Warning(
                f"The access log's retention floor is {floor or 'missing'}, the settings say "
                f"{floor_comment(kept_days())}: the app role {role} could delete log entries "
                "the prune would keep.",
                hint="Run `manage.py migrate` with MIGRATION_DATABASE_URL set.",
                id="privacy.W406",
            )
        )
    if ungranted:
        warnings.append(
            Warning(
                f"The app role {role} cannot read {ungranted}: they were created by a role "
                "whose default privileges do not grant the app role.",
                hint="Run migrations as the owner role (MIGRATION_DATABASE_URL).",
                id="privacy.W405",
            )
        )
    return warnings


def _few(names: str, most: int = 5) -> str:
    """A list of table names as a message can carry it: the first few and how many."""
    listed = names.split(", ")
    if len(listed) <= most:
        return names
    return f"{', '.join(listed[:most])} and {len(listed) - most} more tables"
