"""The retention registry: every field classified; the policy page's table comes from it."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone

from privacy.notices.models import PolicyVersion
from privacy.notices.policy_texts import DIRECTORY, policy_document_tables
from privacy.notices.selectors import policy_timeline_forget
from privacy.registry import categories
from privacy.registry.checks import every_field_is_classified
from privacy.registry.registry import Category, Rule, registry
from tests.core.test_html import audit

KST = datetime.timezone(datetime.timedelta(hours=9))


def policy_tables(text: str) -> list[list[list[str]]]:
    """Every table of a policy text (`a | b | c | d |` lines, a header then `---`), in order,
    each as its rows of cells, the header first."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not ((line.endswith("|") and " | " in line) or line.startswith("---|")):
            current = None
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and set(cells[0]) == {"-"}:
            continue
        if current is None:
            current = []
            tables.append(current)
        current.append(cells)
    return tables


def rendered_tables(html: str) -> list[list[list[str]]]:
    """The page's tables drawn from the registry (`data-registry`), in order, header first."""
    tables = []
    for table in re.findall(r"<table[^>]*data-registry[^>]*>(.*?)</table>", html, re.S):
        rows = []
        for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
            rows.append([re.sub(r"\s+", " ", c).strip() for c in cells])
        tables.append(rows)
    return tables


POLICY_VERSIONS = sorted(path.name.removesuffix(".ko.txt") for path in DIRECTORY.glob("*.ko.txt"))


def test_the_repository_keeps_both_policy_versions():
    assert POLICY_VERSIONS[:2] == ["2024-06-20", "2026-12-10"]


@pytest.mark.parametrize("version", POLICY_VERSIONS)
def test_policy_page_tables_match_the_policy_text_row_by_row(client, db, monkeypatch, version):
    """On the day each version comes into force, the page's tables (drawn from the registry)
    are that version's, cell by cell: the items, purposes and retention of each category, the
    consultants' own data, and the provision to consultants."""
    effective = PolicyVersion.objects.get(version=version).effective_date
    noon = datetime.datetime.combine(effective, datetime.time(12), tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    policy_timeline_forget()
    expected = policy_tables(policy_document_tables(version))

    rendered = rendered_tables(client.get("/privacy/policy/").content.decode())
    policy_timeline_forget()

    assert rendered == expected


def test_the_first_version_has_one_table_of_five_rows_and_the_second_adds_consulting():
    first, second = (policy_tables(policy_document_tables(v)) for v in POLICY_VERSIONS[:2])

    assert [len(t) - 1 for t in first] == [5]
    assert [row[0] for row in first[0][1:]] == [
        "회원가입",
        "본인 프로필",
        "경험 나열",
        "자기소개서",
        "서비스 이용",
    ]
    # 컨설팅 joins the members' table; the consultants' own data and the provision to a
    # consultant get a table each.
    assert [row[0] for row in second[0][1:]] == [row[0] for row in first[0][1:]] + ["컨설팅"]
    assert [row[0] for row in second[1][1:]] == ["컨설턴트 정보"]
    assert second[2][0][0] == "제공받는 자"
    recipient, purpose, items, retention = second[2][1]
    assert "컨설턴트" in recipient and "사전 정보 제공" in purpose
    assert "본인 프로필" in items and "자기소개서" in items and "경험" in items
    assert "최대 30일" in retention and "7일 뒤 사본 파기" in retention


def test_every_project_field_is_classified():
    assert registry.unclassified_fields() == []


def test_registry_check_fails_on_a_model_with_an_unclassified_field():
    with isolate_apps("profiles"):

        class Stray(models.Model):  # noqa: DJ008 - a throwaway model for the check
            secret_note = models.TextField()

            class Meta:
                app_label = "profiles"

        errors = every_field_is_classified(None, models_to_check=[Stray])

    ids = {(e.id, e.msg.split(" ")[0]) for e in errors}
    assert ("privacy.E001", "profiles.Stray.secret_note") in ids
    assert ("privacy.E001", "profiles.Stray.id") in ids


def test_each_registered_item_label_is_an_item_of_its_policy_row():
    for entry in registry.entries.values():
        for item in entry.items:
            if item.label in ("쿠키",):
                assert item.label in entry.category.items_text
                continue
            assert item.label in entry.category.items_text, (entry.model, item.label)


def test_encrypted_fields_are_personal_and_required_items_are_marked():
    labels = {
        (entry.category.name, item.label): item.required
        for entry in registry.entries.values()
        for item in entry.items
    }
    assert labels[("본인 프로필", "이름")] is True
    assert labels[("본인 프로필", "희망 직무")] is True
    assert labels[("경험 나열", "경험 제목")] is True
    assert labels[("자기소개서", "지원 직무")] is True
    assert labels[("본인 프로필", "생년월일")] is False


def test_every_category_is_defined_in_the_one_home_and_ruled_by_a_named_rule():
    home = [v for v in vars(categories).values() if isinstance(v, Category)]

    assert sorted(registry.categories.values(), key=lambda c: c.order) == sorted(
        home, key=lambda c: c.order
    )
    for entry in registry.entries.values():
        assert any(entry.category is c for c in home), entry.model
    assert all(isinstance(c.retention.rule, Rule) for c in home)


def _page_at(client, monkeypatch, *moment) -> str:
    when = datetime.datetime(*moment, tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: when)
    policy_timeline_forget()
    try:
        return client.get("/privacy/policy/").content.decode()
    finally:
        policy_timeline_forget()


def test_consulting_is_stated_from_the_day_its_version_takes_effect_after_7_days_notice(
    client, db, monkeypatch
):
    version = PolicyVersion.objects.get(version="2026-12-10")
    notice = version.notices.get()
    assert notice.kind == "policy_change" and notice.published_at == version.published_at
    assert timezone.localdate(version.published_at) <= version.effective_date - datetime.timedelta(
        days=7
    )
    assert version.reconsent_required is False  # the required consent is unchanged

    before = _page_at(client, monkeypatch, 2026, 12, 9, 23, 59)
    after = _page_at(client, monkeypatch, 2026, 12, 10, 0, 0)

    assert '<th scope="row">컨설팅</th>' not in before and "컨설턴트 정보" not in before
    assert "바뀌는 내용 보기" in before  # the 7-day banner
    assert '<th scope="row">컨설팅</th>' in after and '<th scope="row">컨설턴트 정보</th>' in after
    assert "제공받는 자" in after and "버전 2026-12-10" in after
    assert audit(after) == []


def test_a_database_with_members_gets_7_full_days_of_notice(member, monkeypatch):
    """Run on a live database later than 2026-12-03, the seed moves the effective date so the
    notice still comes 7 days before it, and the archived text says that date."""
    migration = importlib.import_module(
        "privacy.notices.migrations.0003_policy_2026_12_10_consulting"
    )
    # The versions after it (notices 0005, 0004) go first: the seed refuses a date before a
    # later one.
    for later in ("0005_policy_2026_12_24_applying", "0004_policy_2026_12_17_kakaotalk_processor"):
        importlib.import_module(f"privacy.notices.migrations.{later}").unseed(django_apps, None)
    migration.unseed(django_apps, None)
    late = datetime.datetime(2026, 12, 5, 14, 0, tzinfo=KST)
    monkeypatch.setattr(timezone, "now", lambda: late)

    migration.seed(django_apps, None)

    version = PolicyVersion.objects.get(version="2026-12-10")
    assert version.published_at == late
    assert version.effective_date == datetime.date(2026, 12, 12)
    assert "시행일: 2026년 12월 12일" in version.text
    assert version.notices.get().title == "개인정보처리방침 변경 안내 (2026년 12월 12일 시행)"
