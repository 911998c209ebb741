"""The retention registry: every field classified; the policy page's table comes from it."""

import re

from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps

from privacy.notices.policy_texts import policy_text
from privacy.registry import categories
from privacy.registry.checks import every_field_is_classified
from privacy.registry.registry import Category, Rule, registry


def policy_table_rows() -> list[list[str]]:
    """The policy's own table (the version in force): `분류 | 항목 | 목적 | 기간 |` lines after
    the header."""
    rows = []
    for line in policy_text(settings.PRIVACY_POLICY_VERSION).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("분류", "---"):
            rows.append(cells)
    return rows


def rendered_table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([re.sub(r"\s+", " ", c).strip() for c in cells])
    return rows


def test_policy_page_table_matches_the_policy_row_by_row(client, db):
    expected = policy_table_rows()
    assert len(expected) == 5  # 회원가입, 본인 프로필, 경험 나열, 자기소개서, 서비스 이용

    rendered = rendered_table_rows(client.get("/privacy/policy/").content.decode())

    assert rendered == expected


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
