from django.core.management.base import BaseCommand

from privacy.accesslog import access_log_prune
from privacy.models import AccessLogChain


class Command(BaseCommand):
    help = (
        "보관기간(ACCESS_LOG_RETENTION_DAYS, 권한 변경은 ACCESS_LOG_PERMISSION_RETENTION_DAYS)이 "
        "지난 접속기록을 삭제합니다. 삭제 전에 마지막 삭제 항목에 체크포인트를 남겨 "
        "검증이 이어집니다."
    )

    def handle(self, *args, **options):
        for chain, count in access_log_prune().items():
            self.stdout.write(f"{AccessLogChain(chain).label}: {count}건 삭제")
