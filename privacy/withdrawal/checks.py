"""System check for the withdrawal's registered steps."""

from django.core.checks import Error, register


@register()
def every_withdrawal_stage_has_a_step(app_configs, **kwargs):
    """privacy.E030: a declared withdrawal stage no app registered a step for.

    Every stage exists because something must happen in it (the key shredded, the account
    marked): an empty one means an app's registrations did not load, and a withdrawal would
    skip that stage unnoticed.
    """
    from privacy.withdrawal.registry import withdrawal_registry

    return [
        Error(
            f"No withdrawal step is registered for the stage {stage.name}.",
            hint="Register it in the app's privacy.py (privacy.withdrawal.registry).",
            id="privacy.E030",
        )
        for stage in withdrawal_registry.empty_stages()
    ]
