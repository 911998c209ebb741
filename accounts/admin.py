from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from accounts.models import User
from privacy.accesslog.permissions import (
    access_log_record_group_change,
    access_log_record_permission_change,
    group_member_ids,
    group_permission_snapshot,
    permission_snapshot,
)
from privacy.staff.mixins import PersonalDataAdminMixin


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, DjangoUserAdmin):
    """Accounts. 이름 and 카카오계정(전화번호) are masked (privacy.staff.mixins) and read-only.

    Grants, changes and revocations of roles and permissions are recorded in the access log's
    permission chain, kept 3 years (안전성 확보조치 기준 제5조). They are recorded here rather
    than from m2m_changed/post_save signals: only a request knows who made the change and from
    where, one admin save is one record (a signal fires per field and per m2m add/remove), and
    the admin is the only screen that changes them.
    """

    list_display = ("username", "role", "is_active", "is_staff", "date_joined")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username",)
    ordering = ("-date_joined",)
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("username", "password", "role")}),
        ("회원가입 정보", {"fields": ("name", "phone")}),
        (
            "권한",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("기록", {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )

    def save_model(self, request, obj, form, change):
        # Read before the save: groups and permissions are written later, in save_related.
        form.permissions_before = permission_snapshot(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        access_log_record_permission_change(
            request=request,
            account_id=form.instance.pk,
            before=getattr(form, "permissions_before", None),
            after=permission_snapshot(form.instance.pk),
        )

    def delete_model(self, request, obj):
        account_id, before = obj.pk, permission_snapshot(obj.pk)
        super().delete_model(request, obj)
        access_log_record_permission_change(
            request=request, account_id=account_id, before=before, after=None
        )

    def delete_queryset(self, request, queryset):
        before = {pk: permission_snapshot(pk) for pk in queryset.values_list("pk", flat=True)}
        super().delete_queryset(request, queryset)
        for account_id, snapshot in before.items():
            access_log_record_permission_change(
                request=request, account_id=account_id, before=snapshot, after=None
            )


# Django's own Group admin, with its permission changes recorded like an account's.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def save_model(self, request, obj, form, change):
        form.permissions_before = group_permission_snapshot(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        access_log_record_group_change(
            request=request,
            group_id=form.instance.pk,
            before=getattr(form, "permissions_before", None),
            after=group_permission_snapshot(form.instance.pk),
        )

    def delete_model(self, request, obj):
        group_id, before, members = (
            obj.pk,
            group_permission_snapshot(obj.pk),
            group_member_ids(obj.pk),
        )
        super().delete_model(request, obj)
        access_log_record_group_change(
            request=request, group_id=group_id, before=before, after=None, members=members
        )

    def delete_queryset(self, request, queryset):
        before = {
            pk: (group_permission_snapshot(pk), group_member_ids(pk))
            for pk in queryset.values_list("pk", flat=True)
        }
        super().delete_queryset(request, queryset)
        for group_id, (permissions, members) in before.items():
            access_log_record_group_change(
                request=request, group_id=group_id, before=permissions, after=None, members=members
            )
