"""Least privilege in PostgreSQL (issue 17): the role the web and the workers connect as cannot
switch the access log's guards off, and still does everything the app does.

Each run builds its own database and two roles of its own (roles are cluster-wide: unique names,
dropped afterwards even when a test fails), sets them up with `manage.py db_roles` as a
database administrator would, migrates with `manage.py migrate` connected as the owner
(MIGRATION_DATABASE_URL), runs the app's code in a process connected as the app role, then
attacks as someone holding the app's credential would: plain SQL over psycopg, no keys.
"""

import json
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg import errors

from tests.core.test_settings import PRODUCTION_ENV, _clean_env

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = django_settings.DATABASES["default"]


class Roles:
    def __init__(self):
        tag = uuid.uuid4().hex[:10]
        self.owner = f"lm_test_{tag}_owner"
        self.app = f"lm_test_{tag}_app"
        self.database = f"lm_test_{tag}_roles"

    def url(self, role: str | None = None) -> str:
        user = role or DEFAULT["USER"]
        host, port = DEFAULT["HOST"] or "127.0.0.1", DEFAULT["PORT"] or 5432
        return f"postgres://{user}@{host}:{port}/{self.database}"

    def connect(self, role: str | None = None, dbname: str | None = None) -> psycopg.Connection:
        return psycopg.connect(
            host=DEFAULT["HOST"] or "127.0.0.1",
            port=DEFAULT["PORT"] or 5432,
            user=role or DEFAULT["USER"],
            password=DEFAULT["PASSWORD"] if role is None else None,
            dbname=dbname or self.database,
            autocommit=True,
        )


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # No access-log witness, as for every process the tests start (tests/conftest.py): the
    # checkout's default directory may hold another database's records.
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_clean_env({"ACCESS_LOG_WITNESS": "", **env}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def apply_setup(roles: Roles) -> None:
    """What the administrator does: print the SQL, run it as the superuser."""
    sql = run(
        "manage.py",
        "db_roles",
        "--owner",
        roles.owner,
        "--app",
        roles.app,
        env={"DATABASE_URL": roles.url()},
    ).stdout
    with roles.connect() as admin:
        admin.execute(sql)


@pytest.fixture(scope="module")
def roles():
    roles = Roles()
    with roles.connect(dbname="postgres") as admin:
        admin.execute(f'CREATE DATABASE "{roles.database}"')
    try:
        apply_setup(roles)  # before migrate: the default privileges will cover every table
        apply_setup(roles)  # again: idempotent
        out = run(
            "manage.py",
            "migrate",
            "--noinput",
            env={
                "DATABASE_URL": roles.url(roles.app),
                "MIGRATION_DATABASE_URL": roles.url(roles.owner),
            },
        ).stdout
        assert f"Migrating as {roles.owner}" in out and f"Grants of {roles.app} set." in out
        yield roles
    finally:
        with roles.connect(dbname="postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{roles.database}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{roles.app}"')
            admin.execute(f'DROP ROLE IF EXISTS "{roles.owner}"')


# What the app does, in a process of its own connected as the app role: a member's profile
# written, read back and changed; an access-log entry appended through the app's own path; the
# daily checkpoint; the retention prune of entries past their period; the verifier; /healthz's
# look at the applied migrations.
APP_WORK = """
import datetime, json
import django
django.setup()
from django.utils import timezone
from core.health import migrations_status
from accounts.models import Role, User, new_member_username
from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.head import access_log_checkpoint
from privacy.accesslog.prune import access_log_prune
from privacy.accesslog.verify import access_log_verify
from privacy.accesslog.models import AccessLogAction
from profiles.models import Profile

member = User.objects.create_user(
    new_member_username(), role=Role.MEMBER, name="김지원", phone="010-2846-1357"
)
Profile.objects.create(member=member, name="김지원", desired_job="백엔드 개발")
profile = Profile.objects.get(member=member)
profile.situation = "첫 이직을 준비하고 있어요"
profile.save()
now = timezone.now()
original = timezone.now
try:
    # Three entries past the two years' retention, two within it but older than a year.
    for age in (800, 800, 800, 400, 400):
        timezone.now = lambda age=age: now - datetime.timedelta(days=age)
        access_log_append(actor=Actor(1, "staff", "10.0.0.1"), action=AccessLogAction.VIEW,
                          subjects=[member.pk], target_type="profiles.profile", target_id="1")
finally:
    timezone.now = original
entry = access_log_append(actor=Actor(1, "staff", "10.0.0.1"), action=AccessLogAction.VIEW,
                          subjects=[member.pk], target_type="profiles.profile",
                          target_id=str(profile.pk))
checkpoints = access_log_checkpoint()
removed = access_log_prune(now=now)
verification = access_log_verify()
print(json.dumps({
    "migrations": migrations_status(),
    "situation": Profile.objects.get(member=member).situation,
    "seq": entry.seq,
    "checkpoints": len(checkpoints),
    "removed": removed["access"],
    "verified": verification.ok,
    "problems": [str(p) for p in verification.problems],
}))
"""


@pytest.fixture(scope="module")
def app_work(roles):
    out = run("-c", APP_WORK, env={"DATABASE_URL": roles.url(roles.app)}).stdout
    return json.loads(out.strip().splitlines()[-1])


def refused(connection: psycopg.Connection, sql: str) -> errors.Error:
    """Run `sql`; it must be refused for lack of privilege (SQLSTATE 42501)."""
    with pytest.raises(errors.InsufficientPrivilege) as refusal:
        connection.execute(sql)
    return refusal.value


def guarded_tables(connection: psycopg.Connection) -> dict[str, list[str]]:
    """Every table of the schema with triggers of its own, and their names: found, not listed,
    so triggers that later migrations add are attacked too."""
    rows = connection.execute(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1, 2"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, trigger in rows:
        tables.setdefault(table, []).append(trigger)
    return tables


# --- What the app does ----------------------------------------------------------------------


def test_the_app_role_does_everything_the_app_does(app_work):
    assert app_work == {
        "migrations": "ok",
        "situation": "첫 이직을 준비하고 있어요",
        "seq": 6,
        "checkpoints": 2,
        "removed": 3,
        "verified": True,
        "problems": [],
    }


def test_migrations_ran_as_the_owner_and_the_app_role_owns_nothing(roles):
    with roles.connect(roles.app) as app:
        owners = dict(
            app.execute(
                "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v')"
            ).fetchall()
        )
        functions = app.execute(
            "SELECT count(*) FROM pg_proc WHERE proowner = current_user::regrole"
        ).fetchone()[0]

    assert "privacy_accesslogentry" in owners and "django_migrations" in owners
    assert set(owners.values()) == {roles.owner}
    assert functions == 0


def test_a_table_from_a_later_migration_is_granted_to_the_app_role(roles):
    # A later migration, as migrate runs it: DDL by the owner, no grant statement.
    with roles.connect(roles.owner) as owner:
        owner.execute(
            "CREATE TABLE later_feature_note "
            "(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text NOT NULL)"
        )

    with roles.connect(roles.app) as app:
        app.execute("INSERT INTO later_feature_note (note) VALUES ('메모')")
        app.execute("UPDATE later_feature_note SET note = '수정한 메모'")
        assert app.execute("SELECT note FROM later_feature_note").fetchall() == [("수정한 메모",)]
        app.execute("DELETE FROM later_feature_note")
        refused(app, "TRUNCATE later_feature_note")
        refused(app, "ALTER TABLE later_feature_note ADD COLUMN extra text")


def test_setup_hands_an_existing_database_to_the_owner(roles):
    # A database migrated before the split: a table the old single role (here the
    # administrator) created. Running the setup again gives it to the owner, granted.
    with roles.connect() as admin:
        admin.execute("CREATE TABLE before_the_split (id bigint PRIMARY KEY)")

    apply_setup(roles)

    with roles.connect(roles.app) as app:
        owner = app.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'before_the_split'"
        ).fetchone()[0]
        app.execute("INSERT INTO before_the_split VALUES (1)")
        refused(app, "TRUNCATE before_the_split")
    assert owner == roles.owner


def test_setup_refuses_a_superuser_for_either_role(roles):
    sql = run(
        "manage.py",
        "db_roles",
        "--owner",
        DEFAULT["USER"],
        "--app",
        roles.app,
        env={"DATABASE_URL": roles.url()},
    ).stdout

    with roles.connect() as admin:
        with pytest.raises(errors.InvalidParameterValue, match="must not be superusers"):
            admin.execute(sql)
        admin.execute("ROLLBACK")  # the script's transaction, aborted
        still = admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert still.fetchone()[0] is True


# --- What someone holding the app's credential tries ----------------------------------------


def test_the_app_role_cannot_disable_or_drop_any_trigger(roles, app_work):
    with roles.connect(roles.app) as app:
        tables = guarded_tables(app)
        assert {
            "privacy_accesslogentry",
            "privacy_accesslogsubject",
            "privacy_accesslogcheckpoint",
            "privacy_accessloghead",
        } <= set(tables)
        for table, triggers in tables.items():
            assert "must be owner" in str(refused(app, f"ALTER TABLE {table} DISABLE TRIGGER ALL"))
            for trigger in triggers:
                refused(app, f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
                refused(app, f"DROP TRIGGER {trigger} ON {table}")
                refused(app, f"ALTER TRIGGER {trigger} ON {table} RENAME TO gone")
        still_enabled = app.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'"
        ).fetchone()[0]
    assert still_enabled == 0


def test_the_app_role_cannot_replace_a_trigger_function(roles):
    with roles.connect(roles.app) as app:
        functions = app.execute(
            "SELECT DISTINCT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal"
        ).fetchall()
        assert functions
        for (name,) in functions:
            refused(
                app,
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RETURN OLD; END $$",
            )
            refused(app, f"ALTER FUNCTION {name}() OWNER TO CURRENT_USER")


def test_the_app_role_cannot_delete_or_rewrite_the_access_log(roles, app_work):
    with roles.connect(roles.app) as app:
        before = app.execute("SELECT count(*) FROM privacy_accesslogentry").fetchone()[0]

        # The trigger refuses, with or without the prune's allowance: nothing kept is older
        # than a year, and the allowance never reaches younger entries.
        assert "append-only" in str(refused(app, "DELETE FROM privacy_accesslogentry"))
        app.execute("SET lifemento.access_log_prune_before = '2999-01-01'")
        assert "append-only" in str(refused(app, "DELETE FROM privacy_accesslogentry"))
        # Entries older than a year but within their retention period: the allowance would let
        # them go; the retention floor the owner set does not.
        app.execute(
            "SELECT set_config('lifemento.access_log_prune_before', "
            "(now() - interval '366 days')::text, false)"
        )
        old = "privacy_accesslogentry WHERE at < now() - interval '365 days'"
        assert app.execute(f"SELECT count(*) FROM {old}").fetchone()[0] == 2  # noqa: S608
        assert "retention period" in str(refused(app, f"DELETE FROM {old}"))  # noqa: S608
        assert "retention period" in str(
            refused(
                app,
                "DELETE FROM privacy_accesslogsubject WHERE entry_id IN "  # noqa: S608
                f"(SELECT id FROM {old})",
            )
        )
        app.execute("RESET lifemento.access_log_prune_before")
        assert "append-only" in str(refused(app, "DELETE FROM privacy_accesslogsubject"))
        # No privilege at all where the app never needs one.
        refused(app, "UPDATE privacy_accesslogentry SET reason = 'x'")
        refused(app, "UPDATE privacy_accesslogsubject SET subject = 0")
        refused(app, "DELETE FROM privacy_accesslogcheckpoint")
        refused(app, "UPDATE privacy_accesslogcheckpoint SET pruned = 0")
        refused(app, "DELETE FROM privacy_accessloghead")
        # The head may move forward only.
        assert "forward" in str(
            refused(app, "UPDATE privacy_accessloghead SET seq = 0, hash = 'x'")
        )
        refused(app, "DELETE FROM django_migrations")

        after = app.execute("SELECT count(*) FROM privacy_accesslogentry").fetchone()[0]
    assert before == after >= 1


def test_the_app_role_cannot_truncate_any_table(roles):
    with roles.connect(roles.app) as app:
        tables = [
            name
            for (name,) in app.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        assert len(tables) > 20
        for table in tables:
            refused(app, f"TRUNCATE {table}")


def test_the_app_role_cannot_step_around_the_triggers(roles):
    with roles.connect(roles.app) as app:
        # Triggers do not fire in replica mode: superusers only.
        refused(app, "SET session_replication_role = replica")
        # Nor may it act as the owner, create roles or objects of its own, or shadow a log
        # table with a temporary one (pg_temp comes first on a trigger function's path).
        refused(app, f'SET ROLE "{roles.owner}"')
        refused(app, "CREATE ROLE lm_test_intruder")
        refused(app, "CREATE TABLE public.intruder (id int)")
        refused(app, "CREATE TEMP TABLE privacy_accesslogentry (id bigint, at timestamptz)")


# --- The deploy check -----------------------------------------------------------------------


def check_deploy(url: str) -> str:
    return check_deploy_with(url)


def check_deploy_with(url: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_clean_env({**PRODUCTION_ENV, "DATABASE_URL": url, **env}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def test_deploy_check_warns_unless_the_app_connects_as_the_app_role(roles):
    as_app = check_deploy(roles.url(roles.app))
    as_owner = check_deploy(roles.url(roles.owner))
    as_superuser = check_deploy(roles.url())

    assert "privacy.W40" not in as_app, as_app
    assert f"(privacy.W402) DATABASE_URL connects as {roles.owner}, which owns" in as_owner
    assert f"(privacy.W401) DATABASE_URL connects as {DEFAULT['USER']}, a superuser" in (
        as_superuser
    )


def test_deploy_check_names_privileges_the_app_role_should_not_hold(roles):
    with roles.connect() as admin:
        admin.execute(f'GRANT UPDATE ON privacy_accesslogentry TO "{roles.app}"')
    try:
        output = check_deploy(roles.url(roles.app))
    finally:
        with roles.connect() as admin:
            admin.execute(f'REVOKE UPDATE ON privacy_accesslogentry FROM "{roles.app}"')

    assert "(privacy.W404)" in output and "privacy_accesslogentry UPDATE" in output


def test_deploy_check_notices_a_retention_floor_older_than_the_settings(roles):
    # ACCESS_LOG_RETENTION_DAYS raised without migrating: the floor still says 730 days.
    output = check_deploy_with(roles.url(roles.app), ACCESS_LOG_RETENTION_DAYS="1000")

    assert "(privacy.W406)" in output and "access=1000" in output


def test_migrate_refuses_an_owner_url_naming_another_database(settings):
    default = django_settings.DATABASES["default"]
    if default["ENGINE"].endswith("postgresql"):
        settings.MIGRATION_DATABASE_URL = "postgres://lm_owner@127.0.0.1:5432/somewhere_else"
    else:
        settings.MIGRATION_DATABASE_URL = "sqlite:////nonexistent/somewhere_else.sqlite3"

    with pytest.raises(CommandError, match="must be the same database"):
        call_command("migrate", verbosity=0)
