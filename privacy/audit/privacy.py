"""The self-audit's models, classified for the registry check (imported by privacy.privacy).
Neither holds members' personal data: the snapshot names staff accounts and counts members;
their keeping (3 years after completion) is privacy.audit.tasks' destruction job."""

from privacy.audit.models import AuditReminder, QuarterlyAudit
from privacy.registry.registry import registry

registry.declare_non_personal(
    QuarterlyAudit,
    "분기 자체 감사: staff account names, counts and record ids; kept 3 years after completion",
)
registry.declare_non_personal(AuditReminder, "audit reminders: a quarter, a kind and a date only")
