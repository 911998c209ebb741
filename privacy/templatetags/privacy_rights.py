"""Rights-request notices for pages other apps own: `{% load privacy_rights %}` then
`{% rights_notice_badge %}` (the member home: unread count, one query) or
`{% rights_notices %}` (the privacy centre: the latest outcomes)."""

from django import template

from privacy.rights.notices import notices_for_member, unread_notice_count

register = template.Library()


def _member(context):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_member", False):
        return None
    return user


@register.inclusion_tag("privacy/rights/_home_badge.html", takes_context=True)
def rights_notice_badge(context):
    member = _member(context)
    return {"unread": unread_notice_count(member) if member else 0}


@register.inclusion_tag("privacy/rights/_notices.html", takes_context=True)
def rights_notices(context, limit: int = 5):
    member = _member(context)
    return {"notices": notices_for_member(member, limit=limit) if member else []}
