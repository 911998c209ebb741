"""Every key from the environment at once: refuse to run with a key whose bytes do not match
its canary (privacy.keys.canaries), or without a key that stored data still needs
(privacy.keys.inventory). Before issue 17 a key still referenced by stored data could be
removed and `manage.py check` passed.

Where it is checked (besides before each wrap and index, privacy.keys.canaries):
- by the system check privacy.E020-E024 (every `manage.py` command that runs checks, including
  `check --deploy`, `migrate` and `runserver`), by the web process (lifemento.wsgi) and by the
  Celery worker at start (refuse_to_start_with_bad_keys); the check also refuses when stored
  data keys, blind indexes or canaries name a key id the environment no longer has.
Nothing here runs while the app registry loads, and nothing queries a table before checking
that it exists, so `migrate` on an empty database and test collection are unaffected.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from privacy.keys.blind_index import blind_index_keys
from privacy.keys.canaries import Problem, blind_index_key_problem, master_key_problem, tables_ready
from privacy.keys.errors import KeyMismatch
from privacy.keys.inventory import KeyUse, key_uses
from privacy.keys.masters import master_keys

logger = logging.getLogger(__name__)


# --- All keys at once: the check, the start, rotate_keys -------------------------------------


def problems(using: str = DEFAULT_DB_ALIAS) -> list[Problem]:
    """Every reason not to run with this key configuration. Writes the canaries of keys seen
    for the first time."""
    from privacy.keys.models import KeyKind

    try:
        masters = master_keys()
        epochs = blind_index_keys()
    except ImproperlyConfigured as error:
        return [Problem("privacy.E024", "", str(error), "Fix the key settings.")]
    data_keys, canaries = tables_ready(using)
    if not data_keys:
        return []
    found = [master_key_problem(kek, canaries=canaries) for kek in masters]
    found += [blind_index_key_problem(key, canaries=canaries) for key in epochs]
    for use in key_uses(using):
        if use.configured:
            continue
        if use.kind == KeyKind.MASTER:
            found.append(_missing_master(use))
        else:
            found.append(_missing_epoch(use))
    return [p for p in found if p is not None]


def _missing_master(use: KeyUse) -> Problem:
    if use.in_use:
        refs = []
        if use.data_keys:
            refs.append(f"{use.data_keys} data key(s)")
        if use.blind_indexes:
            refs.append(f"{use.blind_indexes} legacy blind index(es)")
        return Problem(
            "privacy.E022",
            use.kid,
            f"Master key {use.kid!r} is missing from FIELD_ENCRYPTION_KEYS but "
            f"{' and '.join(refs)} still need it: their members' data cannot be read.",
            f"Put {use.kid!r} back (after the current key), run `manage.py rotate_keys`, and "
            f"remove it only when `manage.py master_key_status {use.kid}` says it may go.",
        )
    return Problem(
        "privacy.E022",
        use.kid,
        f"Master key {use.kid!r} is missing from FIELD_ENCRYPTION_KEYS but has a check value "
        "in the database: it was in use here.",
        f"If nothing needs it any more (`manage.py master_key_status {use.kid}`), retire it "
        f"with `manage.py master_key_status --retire {use.kid}`; otherwise put it back.",
    )


def _missing_epoch(use: KeyUse) -> Problem:
    if use.blind_indexes:
        return Problem(
            "privacy.E023",
            use.kid,
            f"Blind-index epoch {use.kid!r} is missing from BLIND_INDEX_KEYS but "
            f"{use.blind_indexes} stored index(es) use it: look-ups will not find them.",
            f"Put {use.kid!r} back (after the current epoch), run `manage.py "
            "rotate_blind_index`, then remove it.",
        )
    return Problem(
        "privacy.E023",
        use.kid,
        f"Blind-index epoch {use.kid!r} is missing from BLIND_INDEX_KEYS but has a check value "
        "in the database: it was in use here.",
        f"If nothing needs it any more, retire it with `manage.py master_key_status --retire "
        f"{use.kid}`; otherwise put it back.",
    )


def refuse_unless_keys_sound(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise KeyMismatch naming every problem (rotate_keys, and the processes' start)."""
    found = problems(using)
    if found:
        for problem in found:
            logger.critical("%s", problem)
        raise KeyMismatch("\n".join(str(p) for p in found))


def refuse_to_start_with_bad_keys() -> None:
    """The web and worker processes' start: refuse a bad key configuration. A database that
    cannot be reached yet is not a reason to refuse (the processes wait for it); the guard
    before each wrap and index still applies once it is back."""
    try:
        refuse_unless_keys_sound()
    except DatabaseError as error:
        logger.warning("keys not checked at start: the database is not reachable (%s)", error)


def check_keys_at_process_start() -> None:
    """refuse_to_start_with_bad_keys for the web and worker processes' entry points, then let
    go of the database: a process that forks afterwards (Celery's prefork pool, gunicorn
    --preload) must not hand its connections or the psycopg pool, whose threads do not survive
    a fork, to its children."""
    try:
        refuse_to_start_with_bad_keys()
    finally:
        for connection in connections.all(initialized_only=True):
            connection.close()
            if getattr(connection, "_connection_pools", {}).get(connection.alias):
                connection.close_pool()


def retire(kid: str) -> list[str]:
    """Delete the canaries of `kid` once nothing stored refers to it; returns the kinds done.
    Raises ValueError naming what still refers to it."""
    from privacy.keys.models import KeyCanary

    done = []
    for use in key_uses():
        if use.kid != kid:
            continue
        if use.current or use.in_use:
            raise ValueError(use)
        if use.canary:
            KeyCanary.objects.filter(kind=use.kind, kid=kid).delete()
            done.append(use.kind)
    return done
