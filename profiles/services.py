"""Writes to a member's own profile."""

from django.db import transaction
from django.forms import BaseInlineFormSet

from accounts.models import User
from profiles.forms import ProfileForm
from profiles.models import Profile


@transaction.atomic
def profile_save(
    *,
    member: User,
    form: ProfileForm,
    educations: BaseInlineFormSet,
    careers: BaseInlineFormSet,
) -> Profile:
    """Save the profile and its 학력 / 경력 lists from validated forms, all or nothing.

    Entries keep the order they have on the page (`position` 0, 1, 2, ...); removed rows are
    deleted and blank extra rows ignored. The formsets were built on the member's own profile,
    so only that profile's entries can be changed or deleted here.
    """
    profile = form.save(commit=False)
    profile.member = member
    profile.save()
    _entries_save(educations, profile=profile)
    _entries_save(careers, profile=profile)
    return profile


def _entries_save(formset: BaseInlineFormSet, *, profile: Profile) -> None:
    deleted = formset.deleted_forms
    removed_ids = [f.instance.pk for f in deleted if f.instance.pk is not None]
    if removed_ids:
        # Scoped to the profile again: a second lock on the same door.
        formset.model.objects.filter(profile=profile, pk__in=removed_ids).delete()

    position = 0
    for entry_form in formset.forms:
        is_new = entry_form.instance.pk is None
        if entry_form in deleted or (is_new and not entry_form.has_changed()):
            continue
        entry = entry_form.save(commit=False)
        # A profile created in this request had no pk when the formset was built.
        entry.profile = profile
        if is_new or entry_form.has_changed() or entry.position != position:
            entry.position = position
            entry.save()
        position += 1
