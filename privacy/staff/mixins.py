"""Staff screens over members' personal data: masked by default, every view logged.

`PersonalDataAdminMixin` goes in front of a ModelAdmin (or inline) of a model registered with
the retention registry. It
- shows the registry's personal fields masked (privacy.staff.masking) in lists and change pages, and
  read-only: staff do not edit what members wrote;
- records in the access log which members' data a list page showed (the members of the rows
  on the page), which member's record a change page showed, and changes and deletions;
- adds a "reveal" page per object: with the `privacy.reveal_personal_data` permission and a
  stated reason, it records the reveal with the reason and shows that one object in plaintext;
- lets only staff designated to handle personal data with current education open any of these
  pages (privacy.staff.designation.staff_access_check): others get 403, and the attempt is in
  the access log. Superusers are not exempt.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.forms.models import _get_foreign_key
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from privacy.accesslog.append import access_log_record_access, member_ids
from privacy.accesslog.models import AccessLogAction
from privacy.registry.registry import registry
from privacy.staff.designation import staff_access_check
from privacy.staff.masking import mask_value
from privacy.staff.reasons import ReasonFormMixin, reason_field

MASKED_PREFIX = "masked__"
REVEAL_PERMISSION = "privacy.reveal_personal_data"


class RevealForm(ReasonFormMixin, forms.Form):
    reason = reason_field(
        label="열람 사유", help_text="예: 정정 요구 처리 (요청 #123). 사유는 접속기록에 남아요."
    )


def _field_or_none(model: type[models.Model], name: object):
    if not isinstance(name, str):
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def plain_value(obj: models.Model, field) -> str:
    """A field's value as staff read it once revealed."""
    if field.many_to_many:
        return ", ".join(str(o) for o in getattr(obj, field.name).all()) or "-"
    value = getattr(obj, field.name)
    if value is None or value == "":
        return "-"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def masked_value(obj: models.Model, field) -> str:
    if field.many_to_many:
        return mask_value(field.name, list(getattr(obj, field.name).all()))
    value = getattr(obj, field.name)
    display = str(dict(field.flatchoices).get(value, value)) if field.choices else None
    return mask_value(field.name, value, display) or "-"


class PersonalFieldsMixin:
    """Masking only; shared by ModelAdmins and inlines."""

    def personal_fields(self) -> frozenset[str]:
        entry = registry.entry(self.model)
        if entry is None:
            return frozenset()
        names = {f.name for f in self.model._meta.get_fields()}
        return frozenset(entry.personal_fields) & names

    def __getattr__(self, name: str):
        # Masked columns are attributes of the admin that Django's lookup_field() calls with
        # the row; made on demand because the registry is filled after admin autodiscovery.
        if name.startswith(MASKED_PREFIX):
            field = self.model._meta.get_field(name.removeprefix(MASKED_PREFIX))

            def display(obj):
                return masked_value(obj, field)

            display.short_description = field.verbose_name
            return display
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _masked(self, names) -> list:
        personal = self.personal_fields()
        out: list = []
        for name in names:
            if isinstance(name, list | tuple):  # several fields on one line
                out.append(tuple(self._masked(name)))
                continue
            if isinstance(name, str) and name in personal:
                name = MASKED_PREFIX + name
            if name not in out:
                out.append(name)
        return out

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # an add form holds no one's data yet
            return fieldsets
        return [
            (title, {**opts, "fields": self._masked(opts["fields"])}) for title, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        personal = sorted(self.personal_fields())
        # The real names keep the fields out of the form; the masked names are what is shown.
        return [*self._masked(readonly), *personal, *(MASKED_PREFIX + n for n in personal)]

    def plain_rows(self, request, obj) -> list[tuple[str, str]]:
        """(label, plaintext) of the personal fields this admin shows, in its order, for the
        reveal page."""
        personal = self.personal_fields()
        rows, seen = [], set()
        for name in flatten_fieldsets(self.get_fieldsets(request, obj)):
            field = _field_or_none(self.model, str(name).removeprefix(MASKED_PREFIX))
            if field is None or field.name not in personal or field.name in seen:
                continue
            seen.add(field.name)
            rows.append((str(field.verbose_name), plain_value(obj, field)))
        return rows


class PersonalDataInlineMixin(PersonalFieldsMixin):
    """For inlines: masked like their parent; their rows are logged as part of the parent's
    change page and revealed with it."""


def _subjects_of(model_admin, request, object_id=None, obj=None):
    """The members whose data the object holds, read only if iterated: the designation check
    names them when it refuses, and costs nothing when it allows."""
    if obj is None and object_id is not None:
        obj = model_admin.get_object(request, unquote(object_id))
    if obj is not None:
        yield from member_ids(model_admin.model, [obj]).values()


class AccessLoggedAdminMixin:
    """Records in the access log what a ModelAdmin showed or did to members' data: which
    members' rows a list page showed, which member's record a change page showed, changes and
    deletions. For admins that show no masked fields (e.g. the consent ledger).

    Every page of it first asks staff_access_check: only designated, educated staff pass; the
    check runs before the view's own transaction, so a refusal's log entry is kept."""

    def add_view(self, request, form_url="", extra_context=None):
        # An add form over members' data (an offer to a member, found by phone or from an
        # application) shows who the members are: the same gate as the other pages.
        staff_access_check(request, model=self.model)
        return super().add_view(request, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        staff_access_check(request, model=self.model)
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # Evaluates the page's rows once; the template then reuses them (no extra query).
            rows = list(changelist.result_list)
            access_log_record_access(
                request=request,
                action=AccessLogAction.LIST,
                model=self.model,
                subjects=member_ids(self.model, rows).values(),
                detail={"rows": len(rows), "page": changelist.page_num},
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        staff_access_check(
            request, model=self.model, subjects=_subjects_of(self, request, object_id)
        )
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = (getattr(response, "context_data", None) or {}).get("original")
        if obj is not None:
            # After the view's own transaction: the chain head is locked only for the append.
            access_log_record_access(
                request=request,
                action=AccessLogAction.VIEW,
                model=self.model,
                subjects=member_ids(self.model, [obj]).values(),
                target_id=obj.pk,
            )
        return response

    def delete_view(self, request, object_id, extra_context=None):
        staff_access_check(
            request, model=self.model, subjects=_subjects_of(self, request, object_id)
        )
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # The history names the object as str(obj), which may be the member's name.
        staff_access_check(
            request, model=self.model, subjects=_subjects_of(self, request, object_id)
        )
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            access_log_record_access(
                request=request,
                action=AccessLogAction.CHANGE,
                model=self.model,
                subjects=member_ids(self.model, [obj]).values(),
                target_id=obj.pk,
                detail={"fields": sorted(form.changed_data)},
            )

    def delete_model(self, request, obj):
        owners = member_ids(self.model, [obj])
        pk = obj.pk
        super().delete_model(request, obj)
        access_log_record_access(
            request=request,
            action=AccessLogAction.DELETE,
            model=self.model,
            subjects=owners.values(),
            target_id=pk,
        )

    def delete_queryset(self, request, queryset):
        rows = list(queryset)
        owners = member_ids(self.model, rows)
        super().delete_queryset(request, queryset)
        access_log_record_access(
            request=request,
            action=AccessLogAction.DELETE,
            model=self.model,
            subjects=owners.values(),
            detail={"rows": len(rows)},
        )


class PersonalDataAdminMixin(PersonalFieldsMixin, AccessLoggedAdminMixin):
    """Masked personal fields, access logging, and the reveal page."""

    change_form_template = "admin/privacy/masked_change_form.html"
    reveal_template = "admin/privacy/reveal.html"

    def get_list_display(self, request):
        return self._masked(super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._masked(links) if links else links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_reveal": request.user.has_perm(REVEAL_PERMISSION),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Reveal ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/reveal/",
                self.admin_site.admin_view(self.reveal_view),
                name="{}_{}_reveal".format(*info),
            ),
            *super().get_urls(),
        ]

    def reveal_view(self, request, object_id):
        staff_access_check(
            request, model=self.model, subjects=_subjects_of(self, request, object_id)
        )
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not (
            self.has_view_permission(request, obj) and request.user.has_perm(REVEAL_PERMISSION)
        ):
            raise PermissionDenied
        form = RevealForm(request.POST if request.method == "POST" else None)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{obj} 개인정보 열람",
            "opts": self.opts,
            "original": obj,
            "form": form,
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
            ),
        }
        if form.is_valid():
            access_log_record_access(
                request=request,
                action=AccessLogAction.REVEAL,
                model=self.model,
                subjects=member_ids(self.model, [obj]).values(),
                target_id=obj.pk,
                reason=form.cleaned_data["reason"],
                detail={"fields": sorted(self.personal_fields())},
            )
            context["rows"] = self.plain_rows(request, obj)
            context["inlines"] = self._plain_inlines(request, obj)
            context["reason"] = form.cleaned_data["reason"]
        response = TemplateResponse(request, self.reveal_template, context)
        # Plaintext must not linger in a shared browser's cache.
        response["Cache-Control"] = "no-store"
        return response

    def _plain_inlines(self, request, obj) -> list[dict]:
        sections = []
        for inline in self.get_inline_instances(request, obj):
            if not isinstance(inline, PersonalFieldsMixin):
                continue
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            objects = inline.get_queryset(request).filter(**{fk.name: obj})
            sections.append(
                {
                    "title": inline.model._meta.verbose_name_plural,
                    "objects": [inline.plain_rows(request, o) for o in objects],
                }
            )
        return sections


class ReadOnlyPersonalInline(PersonalDataInlineMixin, admin.StackedInline):
    """A read-only inline of a personal model, masked."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdminMixin:
    """Records nobody may add, change or delete through the admin (ledgers, logs, reminders):
    staff with the view permission can only read them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
