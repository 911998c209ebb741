"""Registry drift: the registry is code, the policy in force is data. When the code's tables
differ from what the version in force told members, it shows and fails loudly ("the registry's
table differs from the policy in force — draft the next version"), never silently on the page."""

import dataclasses
import datetime

import pytest
from django.core.checks import run_checks

from privacy.notices.models import PolicyVersion
from privacy.notices.policy_texts import policy_document_tables
from privacy.notices.selectors import policy_timeline_forget, policy_version_in_force_row
from privacy.notices.snapshots import registry_drift, registry_tables
from privacy.registry.registry import registry
from tests.conftest import make_staff
from tests.privacy.notices.conftest import KST
from tests.privacy.test_registry import POLICY_VERSIONS, policy_tables


def text_tables(version: str) -> dict[str, list[list[str]]]:
    """A policy text's tables by what they hold, without their headers."""
    tables = {"members": [], "consultants": [], "provisions": []}
    for i, table in enumerate(policy_tables(policy_document_tables(version))):
        header, *rows = table
        if header[0] == "제공받는 자":
            tables["provisions"] = rows
        else:
            tables["members" if i == 0 else "consultants"] = rows
    return tables


def as_rows(snapshot_rows: list[dict], keys: tuple[str, ...]) -> list[list[str]]:
    return [[row[k] for k in keys] for row in snapshot_rows]


@pytest.mark.parametrize("version", POLICY_VERSIONS)
def test_the_registry_states_what_each_policy_text_in_the_repository_states(version):
    """Against the documents, not the database: a fresh test database's snapshots are taken
    from the code, so only the texts can tell that the code moved."""
    stated = {v for v in POLICY_VERSIONS if v <= version}
    code = registry_tables(stated)
    expected = text_tables(version)

    category = ("name", "items", "purposes", "retention")
    assert as_rows(code["members"], category) == expected["members"]
    assert as_rows(code["consultants"], category) == expected["consultants"]
    provision = ("recipient", "purpose", "items", "retention")
    assert as_rows(code["provisions"], provision) == expected["provisions"]


@pytest.mark.parametrize("version", POLICY_VERSIONS)
def test_no_drift_on_each_versions_effective_date(db, version, monkeypatch):
    from django.utils import timezone

    effective = PolicyVersion.objects.get(version=version).effective_date
    noon = datetime.datetime.combine(effective, datetime.time(12), tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    policy_timeline_forget()

    policy = policy_version_in_force_row()

    assert policy.version == version
    assert registry_drift(policy) == []
    assert [m for m in run_checks(databases=["default"]) if m.id == "notices.W001"] == []


@pytest.fixture
def drifted(monkeypatch):
    """The code changes a category's retention without a new policy version."""
    original = registry.ordered_categories

    def changed():
        return [
            dataclasses.replace(
                c, retention=dataclasses.replace(c.retention, text="회원 탈퇴 후 1년 뒤 파기")
            )
            if c.name == "본인 프로필"
            else c
            for c in original()
        ]

    monkeypatch.setattr(registry, "ordered_categories", changed)


def test_drift_is_named_by_the_check_and_in_the_admin_and_not_shown_to_members(client, db, drifted):
    policy = policy_version_in_force_row()

    assert registry_drift(policy) == ["개인정보 수집 항목"]
    warnings = [m for m in run_checks(databases=["default"]) if m.id == "notices.W001"]
    assert len(warnings) == 1 and "draft the next version" in warnings[0].hint.lower()
    assert "회원 탈퇴 후 1년 뒤 파기" not in client.get("/privacy/policy/").content.decode()

    client.force_login(make_staff("officer", superuser=True))
    admin = client.get("/admin/notices/policyversion/").content.decode()
    assert "시행 중인 방침" in admin and "다음 버전을 작성해 공지해 주세요" in admin
