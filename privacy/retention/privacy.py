"""The retention store and the destruction ledger, classified for the registry; the copy to
the store at withdrawal."""

from django.db.models import Q
from django.utils import timezone

from privacy.registry.categories import APPLICATION_RECORDS
from privacy.registry.registry import Item, registry
from privacy.retention.models import (
    DestructionRun,
    LedgerConfirmation,
    PendingSummary,
    RetainedRecord,
)
from privacy.retention.store import retention_store_on_withdrawal
from privacy.withdrawal.registry import Stage, withdrawal_registry

registry.register(
    RetainedRecord,
    # Same policy category as the live records it keeps.
    category=APPLICATION_RECORDS,
    items=[Item("지원 내역", fields=("payload",), required=True)],
    owner="subject",
    encrypted={"payload"},
    non_personal={
        "id",
        "subject",
        "source",
        "source_id",
        "context",
        "retained_at",
        "destroy_on",
    },
    # Kept 5 years from withdrawal, destroyed within 5 days after (the job runs daily).
    due=lambda now: Q(destroy_on__lte=timezone.localdate(now)),
)
registry.declare_non_personal(
    DestructionRun, "파기 대장: category, counts, basis and times of each run; never the data"
)
registry.declare_non_personal(
    LedgerConfirmation,
    "파기 대장 책임자 확인: the officer's account and masked name, the period, a count and a note; "
    "no member's data",
)
registry.declare_non_personal(
    PendingSummary, "파기 예정 요약: row counts per category and when they were counted"
)
# At withdrawal, first of all: what the policy keeps is copied here while the member's key
# still opens it (privacy.withdrawal.registry.Stage.RETAIN).
withdrawal_registry.register(Stage.RETAIN, "retention.copy_to_store", retention_store_on_withdrawal)
