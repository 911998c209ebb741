from django.core.management.base import BaseCommand

from privacy.accesslog.head import access_log_checkpoint


class Command(BaseCommand):
    help = (
        "접속기록 체인의 현재 끝(일련번호, 해시)을 HMAC으로 서명해 번호 붙은 체크포인트로 남기고, "
        "외부 증인 저장소에 아직 없는 체크포인트를 씁니다."
    )

    def handle(self, *args, **options):
        for checkpoint in access_log_checkpoint():
            self.stdout.write(
                f"{checkpoint.get_chain_display()}: 체크포인트 #{checkpoint.pk} "
                f"({checkpoint.number}번) "
                f"일련번호 {checkpoint.seq} 해시 {checkpoint.hash[:16]}…"
            )
