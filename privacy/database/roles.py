"""Least privilege in PostgreSQL: two roles, so the app's credential cannot switch the guards off.

The access log's triggers (privacy/migrations/0004, 0008 and later) refuse UPDATE, DELETE and
TRUNCATE, but a table's owner may `ALTER TABLE ... DISABLE TRIGGER`, `DROP TRIGGER`, or replace
the trigger function, and a superuser may `SET session_replication_role = replica`. So in
production the tables belong to an owner role that only `manage.py migrate` connects as
(MIGRATION_DATABASE_URL), and the web and the workers connect as an app role (DATABASE_URL)
that owns nothing and holds only:

- SELECT, INSERT, UPDATE, DELETE on every table, never TRUNCATE, TRIGGER or REFERENCES;
- less on the tables in `narrowed_tables()`: the access log is appended to; DELETE only where
  the retention prune deletes (the triggers still bound it: never an entry younger than
  365 days); the head may move forward but not go away; checkpoints are insert-only;
- a floor under the prune (`retention_floor_statements`): its allowance is a setting any
  session may set, so a trigger the owner writes from the settings refuses to delete a log row
  younger than its chain's configured retention period;
- USAGE on sequences (nextval), USAGE on the schema (no CREATE), no TEMPORARY on the database:
  a temporary table named like a log table would come first on the search path of a trigger
  function that reads the log (the subject index's guard looks the entry up by name).

Tables created by later migrations get the same grants from the owner's default privileges,
and `migrate` narrows again after every run (`grant_statements`, run as the owner), so nothing
lists the tables by hand except the narrowed ones.

`setup_statements` is the one-off script a database administrator (superuser) runs: both
roles, the database's and the schema's privileges, every existing object handed to the owner,
then the grants. Every statement can run again (`manage.py db_roles ... | psql`).
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

SCHEMA = "public"
APP_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def narrowed_tables() -> dict[str, tuple[str, ...]]:
    """Tables where the app role holds less than APP_PRIVILEGES: exactly what its code does."""
    from django.db.migrations.recorder import MigrationRecorder

    from privacy.accesslog.models import (
        AccessLogCheckpoint,
        AccessLogEntry,
        AccessLogHead,
        AccessLogSubject,
    )
    from privacy.keys.models import EncryptionFormatRetirement, KeyCanary

    return {
        # Appended to; DELETE for the retention prune only (access_log_prune).
        AccessLogEntry._meta.db_table: ("SELECT", "INSERT", "DELETE"),
        AccessLogSubject._meta.db_table: ("SELECT", "INSERT", "DELETE"),
        # Never changed nor removed, whatever the allowance says.
        AccessLogCheckpoint._meta.db_table: ("SELECT", "INSERT"),
        # Moves forward (UPDATE; SELECT ... FOR UPDATE needs it too); never deleted.
        AccessLogHead._meta.db_table: ("SELECT", "INSERT", "UPDATE"),
        # The key guards' records: written once, never changed by the app. Deleting the v1
        # retirement would reopen v1 while FIELD_ENCRYPTION_ACCEPT_V1 is still set, deleting a
        # canary would force the fallback proof; `master_key_status --retire` (which deletes a
        # removed key's canary) runs with the owner's DATABASE_URL.
        KeyCanary._meta.db_table: ("SELECT", "INSERT"),
        EncryptionFormatRetirement._meta.db_table: ("SELECT", "INSERT"),
        # /healthz reads which migrations are applied; only migrate (the owner) writes them.
        MigrationRecorder.Migration._meta.db_table: ("SELECT",),
    }


def _role(name: str) -> str:
    """A role name, validated and quoted; anything else is refused rather than escaped."""
    if not _ROLE_NAME.match(name or ""):
        raise CommandError(
            f"Role name {name!r}: use lower-case letters, digits and _ (at most 63 characters)."
        )
    return f'"{name}"'


def _literal(name: str) -> str:
    _role(name)
    return f"'{name}'"


def _database(name: str) -> str:
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_-]{0,62}$", name or ""):
        raise CommandError(f"Database name {name!r} is not a plain identifier.")
    return f'"{name}"'


def _if_table(table: str, statement: str) -> str:
    """Run `statement` only when `table` exists: the script also serves a database that has
    not been migrated yet (its default privileges cover what migrate will create)."""
    return (
        f"DO $$ BEGIN IF to_regclass('{SCHEMA}.{table}') IS NOT NULL THEN "
        f"EXECUTE '{statement}'; END IF; END $$"
    )


def grant_statements(*, owner: str, app: str) -> list[str]:
    """The app role's privileges, as the owner (or a superuser) can set them. One transaction:
    the app, running meanwhile, sees the old grants or the new ones, never none."""
    o, a = _role(owner), _role(app)
    tables = ", ".join(APP_PRIVILEGES)
    statements = [
        # Tables and sequences later migrations create.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {SCHEMA} GRANT {tables} ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {SCHEMA} GRANT USAGE ON SEQUENCES TO {a}",
        # Existing ones: exactly these privileges, whatever was granted before.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {a}",
        f"GRANT {tables} ON ALL TABLES IN SCHEMA {SCHEMA} TO {a}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {a}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {a}",
    ]
    statements += retention_floor_statements()
    for table, allowed in sorted(narrowed_tables().items()):
        refused = [p for p in APP_PRIVILEGES if p not in allowed]
        if refused:
            statements.append(_if_table(table, f"REVOKE {', '.join(refused)} ON {table} FROM {a}"))
    return statements


FLOOR_FUNCTION = "privacy_access_log_retention_floor"
FLOOR_TABLES = ("privacy_accesslogentry", "privacy_accesslogsubject")


def kept_days() -> dict[str, int]:
    """Each chain's retention period as the prune applies it (privacy.accesslog.prune)."""
    from privacy.accesslog.models import AccessLogChain
    from privacy.accesslog.prune import retention_days

    return {chain: retention_days(chain) for chain in AccessLogChain.values}


def floor_comment(days: dict[str, int]) -> str:
    return "retention " + " ".join(f"{chain}={n}" for chain, n in sorted(days.items()))


def retention_floor_statements() -> list[str]:
    """The prune's allowance is a setting any session may set, so the migrations' triggers can
    only hold the legal minimum (365 days) against it. This trigger holds the configured
    retention: a log row younger than its chain's period is never deleted, whoever sets the
    allowance. One day of margin, so the app's clock running ahead of the database's cannot
    make the prune fail. Written by the owner at every migrate, from the settings then."""
    days = kept_days()
    cases = " ".join(
        f"WHEN '{chain}' THEN interval '{n - 1} days'" for chain, n in sorted(days.items())
    )
    shortest = min(days.values()) - 1
    function = f"""CREATE OR REPLACE FUNCTION {FLOOR_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql SET search_path = {SCHEMA}, pg_temp AS $$
DECLARE
    entry_at timestamptz;
    entry_chain text;
    kept interval;
BEGIN
    IF TG_TABLE_NAME = 'privacy_accesslogentry' THEN
        entry_at := OLD.at;
        entry_chain := OLD.chain;
    ELSE
        SELECT e.at, e.chain INTO entry_at, entry_chain
        FROM {SCHEMA}.privacy_accesslogentry e WHERE e.id = OLD.entry_id;
    END IF;
    -- Apart: plpgsql would end the IF's condition at the CASE's first THEN.
    kept := CASE entry_chain {cases} ELSE interval '{shortest} days' END;
    IF entry_at IS NULL OR entry_at >= now() - kept THEN
        RAISE EXCEPTION '% keeps access records for their retention period: DELETE refused',
            TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$"""  # noqa: S608 - numbers and chain names from the settings and the model
    statements = [
        function,
        f"COMMENT ON FUNCTION {FLOOR_FUNCTION}() IS '{floor_comment(days)}'",
    ]
    for table in FLOOR_TABLES:
        trigger = f"{table}_retention_floor"
        statements.append(
            f"DO $$ BEGIN IF to_regclass('{SCHEMA}.{table}') IS NOT NULL THEN "
            f"EXECUTE 'DROP TRIGGER IF EXISTS {trigger} ON {table}'; "
            f"EXECUTE 'CREATE TRIGGER {trigger} BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FLOOR_FUNCTION}()'; END IF; END $$"
        )
    return statements


def setup_statements(*, owner: str, app: str, database: str) -> list[str]:
    """The whole setup, for a superuser: roles, database, schema, ownership, grants."""
    o, a, db = _role(owner), _role(app), _database(database)
    if owner == app:
        raise CommandError("The owner and the app must be two different roles.")
    create = (
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {lit}) "
        "THEN CREATE ROLE {role} LOGIN; END IF; END $$"
    )
    refuse_superuser = (
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname IN ({owner}, {app}) "
        "AND rolsuper) THEN RAISE EXCEPTION 'db_roles: the owner and the app must not be "
        "superusers: choose roles of their own' USING ERRCODE = 'invalid_parameter_value'; "
        "END IF; END $$"
    )
    return [
        refuse_superuser.format(owner=_literal(owner), app=_literal(app)),
        create.format(lit=_literal(owner), role=o),
        create.format(lit=_literal(app), role=a),
        # Neither may bypass the triggers or create roles (CREATEROLE could grant itself the
        # owner's membership); the app may not become the owner through a membership either.
        f"ALTER ROLE {o} NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        f"ALTER ROLE {a} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        _no_memberships(app),
        f"ALTER DATABASE {db} OWNER TO {o}",
        f"REVOKE TEMPORARY ON DATABASE {db} FROM PUBLIC",
        f"REVOKE TEMPORARY ON DATABASE {db} FROM {a}",
        f"GRANT CONNECT ON DATABASE {db} TO {a}",
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM {a}",
        f"GRANT USAGE, CREATE ON SCHEMA {SCHEMA} TO {o}",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {a}",
        _take_ownership(owner),
        *grant_statements(owner=owner, app=app),
    ]


def _no_memberships(app: str) -> str:
    """Revoke every role the app role is a member of (it could SET ROLE to the owner)."""
    lit = _literal(app)
    return f"""DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT m.roleid::regrole AS granted FROM pg_auth_members m
             WHERE m.member = {lit}::regrole
    LOOP
        EXECUTE format('REVOKE %s FROM %I', r.granted, {lit});
    END LOOP;
END $$"""  # noqa: S608 - a validated role name


def _take_ownership(owner: str) -> str:
    """Hand every table, view, standalone sequence and function of the schema to the owner
    (those of extensions excepted; a table's own sequences follow the table)."""
    lit = _literal(owner)
    return f"""DO $$
DECLARE r record;
BEGIN
    FOR r IN
        SELECT c.oid::regclass AS name, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN
            'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
            ELSE 'TABLE' END AS kind
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '{SCHEMA}' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND c.relowner <> {lit}::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', r.kind, r.name, {lit});
    END LOOP;
    FOR r IN
        SELECT p.oid::regprocedure AS name, CASE p.prokind WHEN 'p' THEN 'PROCEDURE'
            WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = '{SCHEMA}' AND p.proowner <> {lit}::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', r.kind, r.name, {lit});
    END LOOP;
END $$"""  # noqa: S608 - a validated role name


def script(statements: list[str]) -> str:
    """The statements as a psql script, in one transaction."""
    return "BEGIN;\n" + "".join(f"{s};\n" for s in statements) + "COMMIT;\n"


@contextmanager
def migration_connection(url: str):
    """The default connection, for the duration, as the role in `url` (MIGRATION_DATABASE_URL):
    same database, another credential, no pool (migrate needs one connection)."""
    import environ

    default = connections[DEFAULT_DB_ALIAS]
    config = environ.Env.db_url_config(url)
    if config.get("ENGINE") != default.settings_dict["ENGINE"]:
        raise CommandError("MIGRATION_DATABASE_URL must name the same kind of database.")
    if config.get("NAME") != default.settings_dict["NAME"]:
        raise CommandError(
            f"MIGRATION_DATABASE_URL names database {config.get('NAME')!r}, DATABASE_URL "
            f"{default.settings_dict['NAME']!r}: they must be the same database."
        )
    options = {**default.settings_dict.get("OPTIONS", {}), **config.get("OPTIONS", {})}
    options.pop("pool", None)
    settings_dict = {
        **default.settings_dict,
        **{key: config[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if key in config},
        "OPTIONS": options,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
    }
    owner = default.__class__(settings_dict, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = owner
    try:
        yield owner
    finally:
        owner.close()
        connections[DEFAULT_DB_ALIAS] = default


# --- Deploy check ---------------------------------------------------------------------------


def role_report_sql() -> str:
    """One round trip: the connected role's attributes and what it can do to the schema's
    tables (owned through a membership, TRUNCATE, missing grants, more than the narrowed)."""
    tables = f"""FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = '{SCHEMA}' AND c.relkind IN ('r', 'p')"""
    narrowed = ", ".join(
        f"('{table}', '{privilege}')"
        for table, allowed in sorted(narrowed_tables().items())
        for privilege in APP_PRIVILEGES
        if privilege not in allowed
    )
    return f"""
SELECT r.rolname, r.rolsuper OR r.rolbypassrls, r.rolcreaterole,
    (SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ', ') {tables}
        AND pg_has_role(r.oid, c.relowner, 'MEMBER')),
    (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) {tables}
        AND has_table_privilege(r.oid, c.oid, 'TRUNCATE')),
    (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) {tables}
        AND NOT has_table_privilege(r.oid, c.oid, 'SELECT')),
    (SELECT string_agg(v.t || ' ' || v.p, ', ' ORDER BY v.t, v.p)
       FROM (VALUES {narrowed}) AS v(t, p)
      WHERE to_regclass('{SCHEMA}.' || v.t) IS NOT NULL
        AND has_table_privilege(r.oid, to_regclass('{SCHEMA}.' || v.t), v.p)),
    obj_description(to_regprocedure('{SCHEMA}.{FLOOR_FUNCTION}()'), 'pg_proc')
FROM pg_roles r WHERE r.rolname = current_user
"""  # noqa: S608 - table names from the models
