"""What a rights request tells the layers above privacy, which privacy may not import.

Privacy sits below every domain (the import contract), yet the member must be told that a
request was received and what came of it, in-app and by KakaoTalk (notifications, messaging).
These signals are the registration point: privacy sends them explicitly from the service that
made the change, inside its transaction, with plain values (no model above privacy is named);
notifications connects its receivers in NotificationsConfig.ready. privacy's own RightsNotice
is written as before (privacy.rights.notices) whether or not anyone listens.

Both are sent with `sender=RightsRequest` and these keyword arguments:
    member        the member's account (never None: a request of no known member is not sent)
    request_id    the request's pk (the notification's key)
    kind          "열람", "정정", "삭제", "처리정지"
    received_at   an aware datetime
    due_date      a date: 10 days from receipt (개인정보 보호법 시행령 제41조④ 등)
    url           the member's page of the request
    result        (completed only) "처리 완료", "일부 처리" or "거절"
"""

from django.dispatch import Signal

rights_request_received = Signal()
rights_request_completed = Signal()


def _values(request) -> dict:
    from django.urls import reverse

    return {
        "member": request.member,
        "request_id": request.pk,
        "kind": request.get_kind_display(),
        "received_at": request.received_at,
        "due_date": request.due_date,
        "url": reverse("rights:detail", args=[request.pk]),
    }


def announce_received(request) -> None:
    if request.member_id is not None:
        rights_request_received.send(sender=type(request), **_values(request))


def announce_completed(request) -> None:
    # A completed deletion has destroyed the account (request.member is None): there is
    # nobody left to tell in the app, and no phone number to message.
    if request.member_id is not None and request.member is not None:
        rights_request_completed.send(
            sender=type(request), result=request.get_status_display(), **_values(request)
        )
