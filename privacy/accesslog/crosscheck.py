"""The database against the external witness: what the witness holds must be in the database."""

from __future__ import annotations

import hmac
import json
from datetime import datetime

from django.utils import timezone

from privacy.accesslog import witness
from privacy.accesslog.findings import ChainSummary, Problem
from privacy.accesslog.hashing import checkpoint_mac, head_mac, legacy_head_mac
from privacy.accesslog.models import AccessLogChain, AccessLogCheckpoint, AccessLogHead


def verify_witness(
    chain: str,
    summary: ChainSummary,
    checkpoints: list[AccessLogCheckpoint],
    head: AccessLogHead | None,
    warnings: list[str],
) -> Problem | None:
    """The database against the witness: every checkpoint the witness holds must be in the
    database, the newest identical, and the head no earlier than the one witnessed with it."""
    backend = witness.configured()
    label = AccessLogChain(chain).label
    if backend is None:
        warnings.append(f"[{label}] 외부 증인 저장소가 설정되지 않았어요 (ACCESS_LOG_WITNESS).")
        return None
    try:
        held = backend.numbers(chain)
        newest = json.loads(backend.get(witness.record_name(chain, held[-1]))) if held else None
    except (witness.WitnessError, ValueError) as error:
        warnings.append(f"[{label}] 외부 증인 저장소를 읽을 수 없어요: {error}")
        return None
    summary.witnessed = len(held)
    by_number = {cp.number: cp for cp in checkpoints}
    absent = [n for n in held if n not in by_number]
    if absent:
        return Problem(
            chain,
            None,
            f"외부 증인 저장소에 있는 체크포인트 {_numbers(absent)}번이 데이터베이스에 없어요 "
            "(기록 삭제·전체 삭제 또는 이전 백업으로 되돌림). "
            f"Witnessed checkpoint(s) {_numbers(absent)} missing from the database.",
        )
    if newest is not None:
        number = held[-1]
        problem = _compare_witness_record(chain, newest, by_number[number], head)
        if problem is not None:
            return problem
    pending = sorted(set(by_number) - set(held))
    if pending:
        warnings.append(
            f"[{label}] 외부 증인 저장소에 아직 쓰지 못한 체크포인트 {len(pending)}개 "
            f"({_numbers(pending)}번): 다음 체크포인트 때 다시 써요."
        )
    return None


def _numbers(numbers: list[int]) -> str:
    if len(numbers) > 3 and numbers[-1] - numbers[0] == len(numbers) - 1:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")


def _compare_witness_record(
    chain: str, record: dict, cp: AccessLogCheckpoint, head: AccessLogHead | None
) -> Problem | None:
    number = record.get("number")
    copy = AccessLogCheckpoint(
        chain=chain,
        number=number,
        kind=record.get("kind"),
        seq=record.get("seq"),
        hash=record.get("hash"),
        created_at=datetime.fromisoformat(record["created_at"]),
        pruned=record.get("pruned"),
        prev_mac=record.get("prev_mac"),
    )
    if not hmac.compare_digest(record.get("mac", ""), checkpoint_mac(copy)):
        return Problem(chain, None, f"외부 증인 저장소의 체크포인트 {number}번 서명이 맞지 않아요.")
    if cp.mac != record["mac"]:
        return Problem(
            chain,
            cp.seq,
            f"데이터베이스의 체크포인트 {number}번이 외부 증인 저장소의 것과 달라요 (다시 쓰임). "
            f"Checkpoint {number} differs from the witness.",
        )
    witnessed = record.get("head")
    if witnessed:
        at = datetime.fromisoformat(witnessed["at"]) if witnessed["at"] else None
        if not hmac.compare_digest(
            witnessed["mac"], head_mac(chain, witnessed["seq"], witnessed["hash"], at)
        ) and not hmac.compare_digest(
            witnessed["mac"], legacy_head_mac(chain, witnessed["seq"], witnessed["hash"])
        ):
            return Problem(chain, None, "외부 증인 저장소의 체인 끝 기록 서명이 맞지 않아요.")
        if head is None or head.seq < witnessed["seq"]:
            when = timezone.localtime(datetime.fromisoformat(record["written_at"]))
            return Problem(
                chain,
                (head.seq + 1) if head else None,
                f"체인 끝(일련번호 {head.seq if head else '없음'})이 외부 증인 저장소가 "
                f"{when:%Y-%m-%d %H:%M}에 본 체인 끝(일련번호 {witnessed['seq']})보다 앞이에요 "
                "(뒷부분 삭제 또는 되돌림). The head is behind the witnessed head.",
            )
    return None
