"""파기 대장: a run names either a registry category or, for records kept under another rule
(접속기록), a plain name; never both, never neither."""

import pytest
from django.utils import timezone

from privacy.registry.categories import USAGE
from privacy.retention import services as ledger


def start(**kwargs):
    return ledger.destruction_run_start(
        job="test", legal_basis="근거", method="행 삭제", now=timezone.now(), **kwargs
    )


def test_a_run_names_its_registry_category(db):
    assert start(category=USAGE).category == USAGE.name


def test_a_run_outside_the_registry_takes_a_plain_name(db):
    assert start(category_name="접속기록").category == "접속기록"


@pytest.mark.parametrize("kwargs", [{}, {"category": USAGE, "category_name": "접속기록"}])
def test_a_run_needs_exactly_one_category(db, kwargs):
    with pytest.raises(TypeError):
        start(**kwargs)
