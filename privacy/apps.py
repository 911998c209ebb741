import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


def _witness_after_migrate(sender, using="default", **kwargs) -> None:
    """Migrations write checkpoints (a chain's installation record, the numbering of old ones)
    without the append path's witness write: hand them to the witness at once, so a wiped log is
    caught from the installation on, not from the first daily checkpoint. Never fails migrate:
    what is not written now is written by the next checkpoint."""
    from privacy.accesslog.checkpoints import access_log_witness_sync

    try:
        access_log_witness_sync()
    except Exception:  # a witness outage must not stop a deploy
        logger.exception("access log witness: sync after migrate failed")


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "개인정보 보호"

    def ready(self) -> None:
        # System checks, the access log's sign-in receivers (connected by this import, and only
        # by it) and the registrations of every app's personal data.
        from privacy.accesslog import checks as accesslog_checks  # noqa: F401
        from privacy.accesslog import receivers as accesslog_receivers  # noqa: F401
        from privacy.database import checks as db_roles_checks  # noqa: F401
        from privacy.keys import checks as keys_checks  # noqa: F401
        from privacy.registry import checks  # noqa: F401
        from privacy.registry.discovery import load_registrations
        from privacy.withdrawal import checks as withdrawal_checks  # noqa: F401

        load_registrations()
        post_migrate.connect(_witness_after_migrate, sender=self)
