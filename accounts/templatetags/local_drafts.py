"""The page's word to static/js/drafts.js: whose local drafts this page may keep, and whose
to clear because they just signed out or withdrew (accounts.drafts)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.drafts import draft_namespace, drafts_to_clear

register = template.Library()


@register.simple_tag(takes_context=True)
def local_drafts_meta(context) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    tags = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_member:
        tags.append(
            format_html('<meta name="lifemento-drafts" content="{}">', draft_namespace(user))
        )
    # Consumed here, where it is rendered, so it reaches exactly one page.
    left = drafts_to_clear(request)
    if left:
        tags.append(
            format_html_join(
                "", '<meta name="lifemento-drafts-clear" content="{}">', ((n,) for n in left)
            )
        )
    return SafeString("\n  ".join(tags))
