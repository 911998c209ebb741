"""`manage.py relay_messages`: send the due KakaoTalk messages now (and, with --poll, apply
the provider's delivery results), for an operator when the workers are down or after an
outage. Safe beside running workers: rows are claimed."""

from django.core.management.base import BaseCommand

from messaging.models import Message, State


class Command(BaseCommand):
    help = "발송 대기 중인 카카오톡 메시지를 지금 보내요 (--poll: 전달 결과도 조회해요)."

    def add_arguments(self, parser):
        parser.add_argument("--poll", action="store_true", help="전달 결과도 조회해요")
        parser.add_argument(
            "--budget", type=float, default=None, help="최대 실행 시간(초); 기본값은 설정값"
        )

    def handle(self, *args, poll=False, budget=None, **options):
        from messaging.tasks import poll as poll_results
        from messaging.tasks import relay_until_done

        claimed = relay_until_done(budget=budget)
        self.stdout.write(f"처리한 메시지: {claimed}건")
        if poll:
            self.stdout.write(f"전달 결과 반영: {poll_results()}건")
        counts = {s.label: Message.objects.filter(state=s).count() for s in State}
        self.stdout.write(", ".join(f"{label} {n}" for label, n in counts.items() if n))
        failed = Message.objects.filter(state=State.FAILED).count()
        if failed:
            self.stdout.write(
                self.style.WARNING(f"발송 실패 {failed}건: 관리자 화면에서 확인해 주세요.")
            )
