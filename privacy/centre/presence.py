"""Which of the privacy centre's lists have anything in them, in one statement.

Most members have shared nothing with a consultant, had nothing of theirs seen by anyone else
and made no rights request: for them the centre's three lists are empty, and three queries
that find nothing cost more CPU to build (issue 16: ~0.25 ms each with the ORM) than this one
statement. Each condition is looser than the list it stands for — any grant of the purpose,
any row of the access log's subject index naming the member, any request — so `False` proves
the list empty and `True` only means the list's own query (with its own checks, such as the
access history's hashed `subjects`) runs as before.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection

from core.sql import column, table
from privacy.accesslog.models import AccessLogSubject
from privacy.rights.models import RightsRequest
from privacy.sharing.models import SharingGrant


@dataclass(frozen=True)
class Presence:
    shares: bool
    access: bool
    rights_requests: bool


@functools.cache
def _sql() -> str:
    # Names from the models (core.sql), every value a parameter.
    grants, subjects, requests = SharingGrant, AccessLogSubject, RightsRequest
    return (
        "SELECT"  # noqa: S608
        f" EXISTS (SELECT 1 FROM {table(grants)} WHERE {column(grants, 'member')} = %s"
        f" AND {column(grants, 'purpose')} = %s),"
        f" EXISTS (SELECT 1 FROM {table(subjects)} WHERE {column(subjects, 'subject')} = %s),"
        f" EXISTS (SELECT 1 FROM {table(requests)} WHERE {column(requests, 'member')} = %s)"
    )


def centre_presence(member, *, purpose: str) -> Presence:
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [member.pk, purpose, member.pk, member.pk])
        shares, access, rights_requests = cursor.fetchone()
    return Presence(bool(shares), bool(access), bool(rights_requests))
