"""The policy document's one home in the repository (privacy/notices/policy_texts)."""

from pathlib import Path

from privacy.notices.models import PolicyVersion
from privacy.notices.policy_texts import DIRECTORY, policy_text
from tests.privacy.notices.test_policy_drift import as_rows, text_tables


def test_the_policy_document_in_force_lives_in_the_repository(settings):
    assert DIRECTORY.is_relative_to(Path(settings.BASE_DIR).resolve())
    assert "개인정보 처리방침" in policy_text(settings.PRIVACY_POLICY_VERSION)


def test_the_seeded_first_version_is_that_document_word_for_word(db):
    assert PolicyVersion.objects.get(version="2024-06-20").text == policy_text("2024-06-20")


def test_each_seeded_version_keeps_the_tables_of_its_document(db):
    """The document is the seed: each seeded version's snapshot holds the tables its text
    prints, row by row (the page renders the version in force from that snapshot)."""
    for policy in PolicyVersion.objects.filter(published_at__isnull=False):
        expected = text_tables(policy.version)
        category = ("name", "items", "purposes", "retention")
        assert as_rows(policy.snapshot["members"], category) == expected["members"]
        assert as_rows(policy.snapshot["consultants"], category) == expected["consultants"]
        provision = ("recipient", "purpose", "items", "retention")
        assert as_rows(policy.snapshot["provisions"], provision) == expected["provisions"]
        assert policy.snapshot["entrustments"], policy.version  # 카카오비즈니스 at least
