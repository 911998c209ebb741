"""What stored data refers to: every key the environment lists or stored data names, and how
many data keys, blind indexes, access-log reasons and sessions still need it (`manage.py
master_key_status`; a referenced key missing is refused by privacy.keys.keyguard)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, F, Value
from django.db.models.functions import Left, StrIndex, Substr
from django.utils import timezone

from privacy.keys.blind_index import blind_index_keys
from privacy.keys.canaries import tables_ready
from privacy.keys.masters import master_keys
from privacy.keys.sealing import PREFIX

# --- What stored data refers to -------------------------------------------------------------


def _prefix_counts(queryset, column: str, start: int = 1) -> dict[str, int]:
    """Count rows by the text before the first '$' of `column` (from position `start`)."""
    rest = Substr(F(column), start) if start > 1 else F(column)
    rows = (
        queryset.annotate(_rest=rest)
        .annotate(_kid=Left("_rest", StrIndex("_rest", Value("$")) - 1))
        .values("_kid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["_kid"]] = counts.get(row["_kid"], 0) + row["n"]
    return counts


@dataclass
class KeyUse:
    kind: str  # "master" or "blind_index"
    kid: str
    configured: bool = False
    current: bool = False
    canary: bool = False
    data_keys: int = 0
    blind_indexes: int = 0  # for a master key: legacy indexes keyed from it
    sessions: int = 0  # live sessions sealed under it (they end empty once it is removed)
    # Access-log reasons sealed under a key derived from it (privacy.accesslog.reasons.seal_reason):
    # the log is append-only, so they keep the key until the entries are pruned.
    log_reasons: int = 0

    @property
    def in_use(self) -> int:
        """Stored data that becomes unreadable or unmatchable without the key."""
        return self.data_keys + self.blind_indexes + self.log_reasons

    @property
    def removable(self) -> bool:
        return not self.current and not self.in_use


def key_uses(using: str = DEFAULT_DB_ALIAS) -> list[KeyUse]:
    """Every key the environment lists or stored data names, with what refers to it."""
    from privacy.keys.fields import blind_index_fields
    from privacy.keys.models import DataKey, KeyCanary, KeyKind

    masters = master_keys()
    epochs = blind_index_keys()
    uses: dict[tuple[str, str], KeyUse] = {}

    def use(kind: str, kid: str) -> KeyUse:
        return uses.setdefault((kind, kid), KeyUse(kind, kid))

    for i, kek in enumerate(masters):
        use(KeyKind.MASTER, kek.kid).configured = True
        use(KeyKind.MASTER, kek.kid).current = i == 0
    for i, key in enumerate(epochs):
        use(KeyKind.BLIND_INDEX, key.epoch).configured = True
        use(KeyKind.BLIND_INDEX, key.epoch).current = i == 0
    data_keys, canaries = tables_ready(using)
    if not data_keys:
        return list(uses.values())
    canary_kinds: dict[str, str] = {}
    if canaries:
        for kind, kid in KeyCanary.objects.values_list("kind", "kid"):
            use(kind, kid).canary = True
            canary_kinds.setdefault(kid, kind)
    for row in DataKey.objects.values("kek_id").annotate(n=Count("pk")).order_by():
        use(KeyKind.MASTER, row["kek_id"]).data_keys += row["n"]
    master_ids = {kid for kind, kid in uses if kind == KeyKind.MASTER}
    for model, field in blind_index_fields():
        queryset = model._default_manager.exclude(**{field.name: ""}).filter(
            **{f"{field.name}__isnull": False}
        )
        for prefix, n in _prefix_counts(queryset, field.attname).items():
            # A prefix is an epoch, or (legacy values) a master key id; one nobody knows any
            # more is taken for a removed epoch unless only a master key ever had that id.
            if (KeyKind.BLIND_INDEX, prefix) not in uses and (
                prefix in master_ids or canary_kinds.get(prefix) == KeyKind.MASTER
            ):
                use(KeyKind.MASTER, prefix).blind_indexes += n
            else:
                use(KeyKind.BLIND_INDEX, prefix).blind_indexes += n
    for kid, n in _log_reason_counts().items():
        use(KeyKind.MASTER, kid).log_reasons += n
    for kid, n in _session_counts().items():
        if (KeyKind.MASTER, kid) in uses:
            use(KeyKind.MASTER, kid).sessions += n
    return sorted(uses.values(), key=lambda u: (u.kind != KeyKind.MASTER, not u.current, u.kid))


def _log_reason_counts() -> dict[str, int]:
    """Access-log reasons by the master key id their token names ("lmlog1$<kid>$...")."""
    from privacy.accesslog.models import AccessLogEntry
    from privacy.accesslog.reasons import REASON_PREFIX

    prefix = f"{REASON_PREFIX}$"
    queryset = AccessLogEntry.objects.filter(reason__startswith=prefix)
    return _prefix_counts(queryset, "reason", start=len(prefix) + 1)


def _session_counts() -> dict[str, int]:
    """Live sessions by the master key id their sealed data names ("lmenc1$<kid>$...")."""
    try:
        model = import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
    except (AttributeError, ImportError):
        return {}  # sessions not kept in the database
    prefix = f"{PREFIX}$"
    queryset = model.objects.filter(session_data__startswith=prefix, expire_date__gt=timezone.now())
    return _prefix_counts(queryset, "session_data", start=len(prefix) + 1)
