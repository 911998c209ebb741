from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "privacy.notices"
    label = "notices"  # kept by the move under privacy/: tables, permissions, admin URLs
    verbose_name = "공지사항·개인정보처리방침 버전"

    def ready(self) -> None:
        from privacy.consents.policy_version import policy_version_source
        from privacy.notices import checks, receivers  # noqa: F401
        from privacy.notices.selectors import policy_version_in_force

        # Consent ledger rows name the version in force; consents sits below notices.
        policy_version_source(policy_version_in_force)
