"""Test and bench helper: many access log entries at once, written with one set-based INSERT
(PostgreSQL's generate_series) instead of one append each. Hashes are hash-shaped, the chain is
not verifiable (tests that need a verifiable chain append through the app); the subject index
and the chain's head are written too, so the app appends after them as usual."""

import datetime

from django.db import connection

from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.hashing import head_mac
from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry, AccessLogHead


def sql(statement: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def bulk_entries(count: int, *, members: list[int], actors: list[int], start: datetime.datetime):
    """Append `count` entries to the access chain, a minute apart from `start`: one in five a
    list page naming 20 of `members`, the others one member each, by `actors` in turn."""
    assert connection.vendor == "postgresql", "bulk_entries needs PostgreSQL"
    if not AccessLogHead.objects.filter(chain=AccessLogChain.ACCESS).exists():
        access_log_append(actor=Actor(None, "", ""), action=AccessLogAction.SIGN_IN)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(max(seq), 0), COALESCE(max(id), 0) FROM privacy_accesslogentry "
            "WHERE chain = 'access'"
        )
        have, last_id = cursor.fetchone()
    n = len(members)
    sql(
        """INSERT INTO privacy_accesslogentry (chain, seq, at, actor_id, actor_role, ip, action,
                subjects, target_type, target_id, reason, detail, version, prev_hash, hash, mac)
            SELECT 'access', s, %(start)s + (s - %(first)s) * interval '1 minute',
                (%(actors)s::bigint[])[1 + s %% %(nactors)s], 'staff', '10.0.0.1',
                CASE WHEN s %% 5 = 0 THEN 'list' ELSE 'view' END,
                CASE WHEN s %% 5 = 0 THEN (
                    SELECT ',' || string_agg(m::text, ',' ORDER BY m) || ','
                    FROM (SELECT DISTINCT (%(members)s::bigint[])[1 + (s + k) %% %(n)s] m
                          FROM generate_series(0, 19) k) picked)
                ELSE ',' || (%(members)s::bigint[])[1 + s %% %(n)s] || ',' END,
                'profiles.profile', s::text, '', '{}'::jsonb, 2,
                md5('p' || (s - 1)) || md5('q' || (s - 1)), md5('p' || s) || md5('q' || s),
                md5('m' || s) || md5('n' || s)
            FROM generate_series(%(first)s, %(last)s) s""",
        {
            "start": start,
            "first": have + 1,
            "last": have + count,
            "members": members,
            "n": n,
            "actors": actors,
            "nactors": len(actors),
        },
    )
    sql(
        """INSERT INTO privacy_accesslogsubject (entry_id, subject)
            SELECT e.id, s::bigint FROM privacy_accesslogentry e,
                unnest(string_to_array(trim(both ',' from e.subjects), ',')) s
            WHERE e.id > %s AND e.subjects <> ''""",
        [last_id],
    )
    # The head where the entries end, signed as the app signs it, so the next append follows.
    last = AccessLogEntry.objects.filter(chain=AccessLogChain.ACCESS).order_by("-seq").first()
    AccessLogHead.objects.filter(chain=AccessLogChain.ACCESS).update(
        seq=last.seq,
        hash=last.hash,
        at=last.at,
        mac=head_mac(AccessLogChain.ACCESS, last.seq, last.hash, last.at),
    )
    sql("ANALYZE privacy_accesslogentry")
    sql("ANALYZE privacy_accesslogsubject")
