"""The core app's models, classified for the registry check: none holds personal data."""

from core.models import JobRun
from privacy.registry.registry import registry

registry.declare_non_personal(
    JobRun, "which daily job ran on which day, its state and cursor (row ids, counts only)"
)
