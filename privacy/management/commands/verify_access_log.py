from django.core.management.base import BaseCommand, CommandError

from privacy.accesslog.models import AccessLogChain
from privacy.accesslog.verify import access_log_verify


class Command(BaseCommand):
    help = (
        "접속기록의 해시 체인, 서명된 체크포인트와 체인 끝을 검증합니다. 변경·삭제·재배열된 첫 "
        "항목의 일련번호를 알리고 0이 아닌 코드로 끝납니다. 체크포인트의 번호·연결·일일 공백과 "
        "외부 증인 저장소(ACCESS_LOG_WITNESS)의 기록도 대조합니다. 기본은 마지막 체크포인트부터의 "
        "증분 검증(체크포인트의 서명을 믿어요)이고, --full은 체인 처음부터 모두 검증합니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="체인의 처음(또는 마지막 보관기간 삭제 지점)부터 모든 항목을 검증합니다.",
        )

    def handle(self, *args, **options):
        result = access_log_verify(full=options["full"])
        for chain in result.chains:
            label = AccessLogChain(chain.chain).label
            span = f"일련번호 {chain.first_seq}–{chain.last_seq}" if chain.entries else "항목 없음"
            witnessed = f", 외부 증인 {chain.witnessed}개" if chain.witnessed is not None else ""
            trusted = (
                f" — 체크포인트 {chain.trusted_checkpoint}번부터 {chain.verified}건 검증, "
                "그 앞은 체크포인트의 서명을 믿어요 (전체 검증은 --full)"
                if chain.trusted_checkpoint is not None
                else ""
            )
            self.stdout.write(
                f"{label}: {chain.entries}건 ({span}), 체크포인트 {chain.checkpoints}개"
                f"{witnessed}{trusted}"
            )
        for warning in result.warnings:
            self.stderr.write(f"경고 {warning}")
        if not result.ok:
            # The first problem of each chain; the first of all ends the command.
            for problem in result.problems[1:]:
                self.stderr.write(f"검증 실패 {problem}")
            raise CommandError(f"접속기록 검증 실패: {result.first_problem}", returncode=1)
        self.stdout.write(f"접속기록 검증 성공 ({result.seconds:.2f}초)")
