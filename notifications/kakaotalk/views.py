from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render

from core.decorators import member_required
from messaging.catalogue import TemplateError, template
from messaging.models import Message

PER_PAGE = 30


@dataclass(frozen=True)
class SentMessage:
    message: Message
    title: str
    content: str  # as the phone showed it, or "" when it cannot be rendered any more


def _rendered(message: Message) -> SentMessage:
    try:
        approved = template(message.template_code)
        return SentMessage(message, approved.title, approved.render(message.params))
    except (TemplateError, TypeError, KeyError, AttributeError):
        # A template withdrawn since, or params no key opens any more.
        return SentMessage(message, message.template_code, "")


@member_required
def kakaotalk_messages(request):
    messages = Message.objects.filter(recipient_id=request.user.pk).order_by("-created_at", "-id")
    page = Paginator(messages, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for message in page.object_list:
        # The params open under the member's key: theirs, already loaded (no query per row).
        message.recipient = request.user
        rows.append(_rendered(message))
    return render(request, "notifications/kakaotalk.html", {"page": page, "rows": rows})
