from django.apps import AppConfig

# The partner list changes rarely (staff add companies); a minute's staleness is harmless for
# the guard, and the editor's check runs on every typing pause.
PARTNER_NAMES_CACHE_KEY = "recruiting:partner-company-names"
PARTNER_NAMES_TTL = 60


def partner_company_names() -> list[str]:
    """The partner companies' names, for the cover letters' company-name guard."""
    from django.core.cache import cache

    from recruiting.models import Company

    names = cache.get(PARTNER_NAMES_CACHE_KEY)
    if names is None:
        names = list(Company.objects.values_list("name", flat=True))
        cache.set(PARTNER_NAMES_CACHE_KEY, names, PARTNER_NAMES_TTL)
    return names


def _forget_partner_names(**kwargs) -> None:
    from django.core.cache import cache

    cache.delete(PARTNER_NAMES_CACHE_KEY)


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = "채용·지원"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from coverletters.checks import company_names_sources
        from recruiting.models import Company

        # A renamed or new partner is guarded at once, not after the cache expires.
        post_save.connect(_forget_partner_names, sender=Company, dispatch_uid="partner-names")
        post_delete.connect(_forget_partner_names, sender=Company, dispatch_uid="partner-names-d")

        if partner_company_names not in company_names_sources:
            company_names_sources.append(partner_company_names)
