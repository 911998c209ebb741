from django.core.management.base import BaseCommand, CommandError

from privacy.keys import inventory, keyguard
from privacy.keys.models import KeyKind

KIND_LABEL = {KeyKind.MASTER: "마스터 키", KeyKind.BLIND_INDEX: "검색 색인 키"}


def _uses_text(use: inventory.KeyUse) -> str:
    parts = []
    if use.kind == KeyKind.MASTER:
        parts.append(f"데이터 키 {use.data_keys}개")
        if use.blind_indexes:
            parts.append(f"옛 방식 검색 색인 {use.blind_indexes}개")
        if use.log_reasons:
            parts.append(f"접속기록 사유 {use.log_reasons}개")
        parts.append(f"세션 {use.sessions}개")
    else:
        parts.append(f"검색 색인 {use.blind_indexes}개")
    return ", ".join(parts)


def _in_use_text(use: inventory.KeyUse) -> str:
    # Each with its own particle: "2개의 데이터 키가", "3개의 검색 색인이", "4개의 접속기록 사유가".
    parts = []
    if use.data_keys:
        parts.append(f"{use.data_keys}개의 데이터 키가")
    if use.blind_indexes:
        parts.append(f"{use.blind_indexes}개의 검색 색인이")
    if use.log_reasons:
        parts.append(f"{use.log_reasons}개의 접속기록 사유가")
    return ", ".join(parts) + " 사용 중"


def verdict(use: inventory.KeyUse, wrong: set[tuple[str, str]]) -> str:
    if (use.kind, use.kid) in wrong:
        return "확인 값이 맞지 않아요: 원래 키 값을 넣어야 해요"
    if not use.configured:
        if use.in_use:
            return f"설정에 없어요: 다시 넣어야 해요 ({_in_use_text(use)})"
        return "설정에 없고 사용하는 데이터도 없어요 (--retire로 확인 값을 지울 수 있어요)"
    if use.current:
        return "현재 키라서 제거하면 안 돼요"
    if use.in_use:
        return f"아직 제거하면 안 돼요 ({_in_use_text(use)})"
    if use.sessions:
        return f"제거해도 돼요 (로그인된 세션 {use.sessions}개는 끊겨요)"
    return "제거해도 돼요"


class Command(BaseCommand):
    help = (
        "설정된 마스터 키와 검색 색인 키, 그리고 데이터베이스가 참조하는 키마다 데이터 키·검색 "
        "색인·세션이 몇 개 쓰는지와 제거해도 되는지 알려 줍니다. 키 ID를 주면 그 키만 보고, "
        "제거해도 되면 0, 안 되면 1, 모르는 키면 2로 끝납니다. 키 ID 없이 실행하면 설정에 "
        "문제가 있을 때 1로 끝납니다."
    )
    # It must answer when the configuration is wrong: that is when it is needed.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kid", nargs="?", help="키 ID (마스터 키 ID 또는 검색 색인 epoch)")
        parser.add_argument(
            "--retire",
            metavar="KID",
            help="더 이상 아무것도 참조하지 않는 키의 확인 값(canary)을 지웁니다.",
        )

    def handle(self, *args, kid=None, retire=None, **options):
        if retire:
            return self._retire(retire)
        found = keyguard.problems()
        wrong = {
            (KeyKind.MASTER if p.code == "privacy.E020" else KeyKind.BLIND_INDEX, p.kid)
            for p in found
            if p.code in ("privacy.E020", "privacy.E021")
        }
        uses = [u for u in inventory.key_uses() if kid is None or u.kid == kid]
        if kid is not None and not uses:
            raise CommandError(f"키 {kid}은(는) 설정에도 데이터베이스에도 없어요.", returncode=2)
        for use in uses:
            state = " (현재 키)" if use.current else ""
            self.stdout.write(
                f"{KIND_LABEL[use.kind]} {use.kid}{state}: {_uses_text(use)} — "
                f"{verdict(use, wrong)}"
            )
        if kid is not None:
            if not all(u.configured and u.removable and (u.kind, u.kid) not in wrong for u in uses):
                raise CommandError(f"키 {kid}은(는) 아직 제거하면 안 돼요.", returncode=1)
            return None
        if found:
            for problem in found:
                self.stderr.write(f"{problem.code} {problem}")
            raise CommandError("키 설정에 문제가 있어요.", returncode=1)
        return None

    def _retire(self, kid: str) -> None:
        try:
            kinds = keyguard.retire(kid)
        except ValueError as error:
            use = error.args[0]
            reason = "현재 키예요" if use.current else _in_use_text(use)
            raise CommandError(
                f"키 {kid}은(는) 아직 지울 수 없어요 ({reason}).", returncode=1
            ) from error
        if not kinds:
            raise CommandError(f"키 {kid}의 확인 값이 없어요.", returncode=2)
        self.stdout.write(f"키 {kid}의 확인 값을 지웠어요.")
