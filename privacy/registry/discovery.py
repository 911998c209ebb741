"""Which apps are the project's, and the import of every app's `privacy.py` so its models register
with the retention registry.

An app is the project's when its package lives under the project's root (settings.BASE_DIR),
nested apps included (privacy.retention, privacy.notices), and outside any installation directory
there (a `.venv` inside the checkout holds Django's and allauth's apps). No list names them: a new
app is covered by the registry check (privacy.E001) the moment it is installed.
"""

import importlib
import sys
import sysconfig
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings

# Where installers put packages; a directory of one of these names is never the project's code.
INSTALL_DIR_NAMES = frozenset({"site-packages", "dist-packages"})


def _installation_dirs(root: Path) -> list[Path]:
    """The interpreter's installation directories that lie inside the root (a `.venv` there)."""
    found = []
    for path in (
        sys.prefix,
        sys.exec_prefix,
        sysconfig.get_path("purelib"),
        sysconfig.get_path("platlib"),
    ):
        resolved = Path(path).resolve()
        if resolved != root and resolved.is_relative_to(root):
            found.append(resolved)
    return found


def is_project_app(config: AppConfig) -> bool:
    """True for an app whose package lives under settings.BASE_DIR and is not installed there."""
    root = Path(settings.BASE_DIR).resolve()
    path = Path(config.path).resolve()
    if not path.is_relative_to(root):
        return False
    if INSTALL_DIR_NAMES & set(path.relative_to(root).parts):
        return False
    return not any(path.is_relative_to(d) for d in _installation_dirs(root))


def project_app_labels() -> list[str]:
    """The labels of the installed apps that are the project's, in INSTALLED_APPS order."""
    return [config.label for config in apps.get_app_configs() if is_project_app(config)]


def load_registrations() -> None:
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
