from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse

from privacy.api import ReadOnlyAdminMixin
from usage.models import UsageEvent
from usage.selectors import STATS_DAYS, usage_stats


@admin.register(UsageEvent)
class UsageEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The usage records appear to staff only as statistics: the list page is replaced by
    aggregates, and no single member's record can be opened, changed or deleted here."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "서비스 이용 통계",
            "opts": self.model._meta,
            "stats": usage_stats(),
            "days": STATS_DAYS,
        }
        return TemplateResponse(request, "admin/usage/stats.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        raise Http404
