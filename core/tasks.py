from celery import shared_task


@shared_task(ignore_result=False)
def ping(token: str) -> str:
    """Smoke task: proves a worker consumes from the broker and answers through the backend."""
    return f"pong:{token}"


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions (they may hold a pending sign-up's name and phone)."""
    from django.utils import timezone

    from accounts.models import MemberSession

    deleted, _ = MemberSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
