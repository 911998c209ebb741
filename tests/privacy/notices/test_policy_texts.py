"""The policy document's one home in the repository (privacy/notices/policy_texts)."""

import datetime
import importlib
from pathlib import Path

from django.apps import apps as django_apps

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


def test_notices_0008_gives_each_seeded_version_its_page_text_and_keeps_a_moved_date(db):
    """On a database seeded before the format (old texts) where a seed moved 2026-12-17's date
    to keep its 7 days of notice, the migration sets the new-format text with that date, and
    leaves a version published through the admin as its officer wrote it."""
    migration = importlib.import_module(
        "privacy.notices.migrations.0008_policy_texts_as_page_documents"
    )
    PolicyVersion.objects.filter(version="2026-12-17").update(
        text="- 옛 형식의 전문\n- 시행일: 2026년 12월 19일",
        effective_date=datetime.date(2026, 12, 19),
    )
    PolicyVersion.objects.create(
        version="2027-02-01",
        effective_date=datetime.date(2027, 2, 1),
        published_at=datetime.datetime(2027, 1, 20, tzinfo=datetime.UTC),
        summary="s",
        text="담당자가 쓴 전문",
    )

    migration.to_documents(django_apps, None)

    moved = PolicyVersion.objects.get(version="2026-12-17")
    assert moved.text == policy_text("2026-12-17").replace(
        "시행일: 2026년 12월 17일", "시행일: 2026년 12월 19일"
    )
    assert PolicyVersion.objects.get(version="2024-06-20").text == policy_text("2024-06-20")
    assert PolicyVersion.objects.get(version="2027-02-01").text == "담당자가 쓴 전문"
