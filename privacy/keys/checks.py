"""System checks for the keys: the keys from the environment against the database, the v1
format's retirement, and the row version of encrypted models."""

from django.core.checks import Error, Tags, register


@register()
def keys_match_stored_data(app_configs, databases=None, **kwargs):
    """privacy.E020-E024: the keys from the environment against what the database holds.

    A key with the right id but other bytes (its canary does not open), a key or blind-index
    epoch that stored data keys, indexes or canaries still name but the environment lacks, or
    key settings that contradict each other (privacy.keys.keyguard). Runs with every command that
    runs checks (`check --deploy`, `migrate`, `runserver`, `rotate_keys`...). Without a
    reachable database there is nothing to compare with: the web and worker processes check
    again at start, and no key is used to wrap or index before it has been checked.
    """
    from django.db import DatabaseError

    from privacy.keys import keyguard

    try:
        found = keyguard.problems()
    except DatabaseError:
        return []
    return [Error(p.message, hint=p.hint, id=p.code) for p in found]


@register(deploy=True)
def v1_ciphertexts_still_accepted(app_configs, **kwargs):
    """privacy.W010: v1 ciphertexts (bound to their column only) are still accepted."""
    from django.conf import settings
    from django.core.checks import Warning

    if not getattr(settings, "FIELD_ENCRYPTION_ACCEPT_V1", False):
        return []
    return [
        Warning(
            "FIELD_ENCRYPTION_ACCEPT_V1 is set: values in the v1 format (not bound to their "
            "row or member) are still opened.",
            hint="Run `manage.py rotate_keys --rebind`, then `manage.py verify_encryption`; "
            "once it is clean, remove FIELD_ENCRYPTION_ACCEPT_V1.",
            id="privacy.W010",
        )
    ]


@register()
def encrypted_models_carry_a_row_version(app_configs, **kwargs):
    """privacy.E011: a model with encrypted fields that does not extend SealedRow (its values
    could not be bound to the row's version)."""
    from django.apps import apps

    from privacy.keys.rows import SealedRow

    return [
        Error(
            f"{model._meta.label} has encrypted fields but does not extend "
            "privacy.keys.rows.SealedRow.",
            hint="Make SealedRow its first base class and add the migration (sealed_version).",
            id="privacy.E011",
        )
        for model in apps.get_models()
        if any(getattr(f, "encrypted", False) for f in model._meta.concrete_fields)
        and not issubclass(model, SealedRow)
    ]


@register(Tags.database)
def v1_data_needs_the_upgrade_setting(app_configs, databases=None, **kwargs):
    """privacy.E012: data keys still in the v1 wrapping while FIELD_ENCRYPTION_ACCEPT_V1 is not
    set: every member's data would show as unreadable until the upgrade is run (issue 17)."""
    from django.conf import settings
    from django.core.checks import Warning
    from django.db import DatabaseError, transaction

    from privacy.keys.models import DataKey

    if not databases or getattr(settings, "FIELD_ENCRYPTION_ACCEPT_V1", False):
        return []
    errors = []
    for alias in databases:
        try:
            with transaction.atomic(using=alias):  # a missing column (before migrate) is fine
                found = DataKey.objects.using(alias).filter(wrap_format=1).exists()
        except DatabaseError:
            continue
        if found:
            # Refuses to start in production; a development database upgraded in place still
            # serves (its old data shows as unreadable) and says why.
            level = Error if settings.PRODUCTION else Warning
            errors.append(
                level(
                    "Data keys in the v1 wrapping (before issue 17) exist, and "
                    "FIELD_ENCRYPTION_ACCEPT_V1 is not set: their data would not open.",
                    hint="Set FIELD_ENCRYPTION_ACCEPT_V1=true, run `manage.py rotate_keys "
                    "--rebind` and `manage.py verify_encryption`, then remove the setting.",
                    id="privacy.E012" if settings.PRODUCTION else "privacy.W012",
                )
            )
    return errors
