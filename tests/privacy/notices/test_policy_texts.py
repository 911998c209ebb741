"""The policy document's one home in the repository (privacy/notices/policy_texts)."""

from pathlib import Path

from privacy.notices.models import PolicyVersion
from privacy.notices.policy_texts import DIRECTORY, policy_text


def test_the_policy_document_in_force_lives_in_the_repository(settings):
    assert DIRECTORY.is_relative_to(Path(settings.BASE_DIR).resolve())
    assert "개인정보 처리방침" in policy_text(settings.PRIVACY_POLICY_VERSION)


def test_the_seeded_first_version_is_that_document_word_for_word(db):
    assert PolicyVersion.objects.get(version="2024-06-20").text == policy_text("2024-06-20")
