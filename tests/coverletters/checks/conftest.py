import pytest
from django.core.cache import cache

from recruiting.apps import PARTNER_NAMES_CACHE_KEY


@pytest.fixture(autouse=True)
def _fresh_partner_names():
    """The partner names are cached across requests; a test's rolled-back companies must not
    outlive it in the cache."""
    cache.delete(PARTNER_NAMES_CACHE_KEY)
    yield
    cache.delete(PARTNER_NAMES_CACHE_KEY)
