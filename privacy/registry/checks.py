"""System checks for the retention registry."""

from django.core.checks import Error, register


@register()
def every_field_is_classified(app_configs, **kwargs):
    """privacy.E001: a field of a project model that the registry does not know.

    Every concrete field must be registered as personal (an item of a policy category) or
    declared non-personal, so a new field cannot slip past the privacy policy unnoticed. The
    project's apps are found, not listed (privacy.registry.discovery): privacy.E003 when the
    finding goes wrong and not even this app is among them, so the check cannot pass by
    checking nothing.
    """
    from django.apps import apps

    from privacy.registry.discovery import is_project_app
    from privacy.registry.registry import registry

    if not is_project_app(apps.get_app_config("privacy")):
        return [
            Error(
                "The privacy app does not lie under BASE_DIR: the project's apps would not be "
                "found, and no model checked for unclassified fields.",
                hint="BASE_DIR must be the directory holding the project's apps.",
                id="privacy.E003",
            )
        ]
    return [
        Error(
            f"{name} is neither registered as personal data nor declared non-personal.",
            hint="Add it to an Item or to non_personal in the app's privacy.py.",
            id="privacy.E001",
        )
        for name in registry.unclassified_fields(kwargs.get("models_to_check"))
    ]


@register()
def encrypted_fields_match_registry(app_configs, **kwargs):
    """privacy.E002: the registry and the model disagree about which fields are encrypted."""
    from privacy.registry.registry import registry

    errors = []
    for model, entry in registry.entries.items():
        actual = {f.name for f in model._meta.concrete_fields if getattr(f, "encrypted", False)}
        if actual != set(entry.encrypted):
            errors.append(
                Error(
                    f"{model._meta.label}: encrypted fields {sorted(actual)} but the registry "
                    f"says {sorted(entry.encrypted)}.",
                    id="privacy.E002",
                )
            )
    return errors
