from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The landing page and the member home: the pages that bring the domains together."""

    name = "home"
    label = "home"
    verbose_name = "홈"
