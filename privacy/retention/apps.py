from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "privacy.retention"
    label = "retention"  # kept by the move under privacy/: tables, permissions, admin URLs
    verbose_name = "파기"
