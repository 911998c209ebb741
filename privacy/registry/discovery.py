"""Import every app's `privacy.py` so its models register with the retention registry."""

import importlib

from django.apps import apps


def load_registrations() -> None:
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
