"""The registry check covers every app under the project's root, found rather than listed."""

import sys
import types

from django.apps import AppConfig
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test.utils import isolate_apps

from privacy.registry.checks import every_field_is_classified
from privacy.registry.discovery import is_project_app, project_app_labels


def config_at(path) -> AppConfig:
    """An app config for a package at `path` (a module object is all AppConfig reads)."""
    path.mkdir(parents=True, exist_ok=True)
    module = types.ModuleType(path.name)
    module.__path__ = [str(path)]
    return AppConfig(path.name, module)


def error_names(errors) -> set[tuple[str, str]]:
    return {(e.id, e.msg.split(" ")[0]) for e in errors}


def test_an_app_under_the_root_that_no_list_names_is_checked():
    with isolate_apps("tests.privacy.unlisted_app"):

        class Note(models.Model):  # noqa: DJ008 - a throwaway model for the check
            text = models.TextField()

            class Meta:
                app_label = "unlisted_app"

        errors = every_field_is_classified(None, models_to_check=[Note])

    assert ("privacy.E001", "unlisted_app.Note.text") in error_names(errors)
    assert ("privacy.E001", "unlisted_app.Note.id") in error_names(errors)


def test_the_installed_apps_under_the_root_are_the_projects_nested_ones_included():
    labels = project_app_labels()

    for label in ("accounts", "kakao_login", "core", "privacy", "notices", "retention"):
        assert label in labels
    for label in ("admin", "auth", "contenttypes", "account", "socialaccount", "django_otp"):
        assert label not in labels


def test_third_party_models_are_not_checked():
    # Neither is registered nor declared non-personal: they are Django's, not the project's.
    assert every_field_is_classified(None, models_to_check=[ContentType, Group]) == []


def test_a_venv_inside_the_checkout_is_not_the_projects(settings, tmp_path, monkeypatch):
    settings.BASE_DIR = tmp_path
    venv = tmp_path / ".venv"
    monkeypatch.setattr(sys, "prefix", str(venv))

    assert is_project_app(config_at(tmp_path / "ours"))
    assert is_project_app(config_at(tmp_path / "ours" / "nested"))
    assert not is_project_app(config_at(venv / "lib" / "python3.11" / "site-packages" / "theirs"))
    assert not is_project_app(config_at(venv / "src" / "editable"))  # pip install -e, in the venv
    assert not is_project_app(config_at(tmp_path / "vendor" / "site-packages" / "theirs"))
    assert not is_project_app(config_at(tmp_path.parent / "elsewhere"))


def test_the_check_refuses_to_pass_when_it_finds_no_project_app(settings, tmp_path):
    settings.BASE_DIR = tmp_path  # a root holding none of the installed apps

    errors = every_field_is_classified(None)

    assert [e.id for e in errors] == ["privacy.E003"]
