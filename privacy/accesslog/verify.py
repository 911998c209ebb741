"""Verification of the access log: every chain walked to its head, from its start (full) or
from its last signed checkpoint (incremental, the default: a daily run costs what a day adds)."""

from __future__ import annotations

import hmac
import time
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from core.jobs import KST
from privacy.accesslog.crosscheck import verify_witness
from privacy.accesslog.findings import ChainSummary, Problem, Verification
from privacy.accesslog.hashing import (
    GENESIS_HASH,
    VERIFIED_FIELDS,
    checkpoint_mac,
    entry_hash,
    entry_mac,
    head_mac,
    legacy_head_mac,
)
from privacy.accesslog.models import (
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogHead,
    AccessLogSubject,
)
from privacy.accesslog.reasons import open_reason_token
from privacy.keys.errors import DecryptionFailed


def access_log_verify(*, full: bool = False, chunk_size: int = 5000) -> Verification:
    """Walk every chain to its head: from its start (genesis, or the latest prune checkpoint)
    when `full`, otherwise from its newest signed checkpoint.

    Reports, per chain, the first entry that was changed (hash mismatch), removed (a gap in
    the sequence), or reordered / rewritten (prev_hash not chaining, or a signed checkpoint
    disagreeing), plus any checkpoint or head whose HMAC is wrong or that the entries contradict.

    Incremental trusts the checkpoint's signature: that the chain ended in the entry it names,
    with that hash, when it was signed. Entries from that one on are hashed, signed and linked
    as in full; the ones before it are only counted (a cheap index-only count, so a deleted
    entry still shows as a gap); an edit before the checkpoint, or a deletion with the rest
    renumbered, is found by the full run only (`verify_access_log --full`). Every checkpoint,
    the head and the witness are checked either way.
    """
    started = time.perf_counter()
    result = Verification()
    # One snapshot for every read: the log is appended to while it is verified, and an entry
    # that lands between reading the entries, their subject index and the head would look like
    # a missing index row or a cut end, a false alarm to the privacy officer. A transaction is
    # a snapshot on SQLite; PostgreSQL needs REPEATABLE READ (settable only before the
    # transaction's first query, so not when called inside one, as in tests).
    with transaction.atomic():
        # Entered as the outermost block, no savepoint was made: nothing ran in it yet.
        if connection.vendor == "postgresql" and not connection.savepoint_ids:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for chain in AccessLogChain.values:
            summary = ChainSummary(chain)
            result.chains.append(summary)
            problem = _verify_chain(chain, summary, chunk_size, result.warnings, full)
            if problem is not None:
                result.problems.append(problem)
            if summary.plaintext_reasons:
                result.warnings.append(
                    f"[{AccessLogChain(chain).label}] 사유가 암호화되지 않은 항목 "
                    f"{summary.plaintext_reasons}건 (배포 중 이전 코드가 쓴 항목)."
                )
    result.seconds = time.perf_counter() - started
    return result


def _verify_chain(
    chain: str, summary: ChainSummary, chunk_size: int, warnings: list[str], full: bool
) -> Problem | None:
    checkpoints = list(AccessLogCheckpoint.objects.filter(chain=chain).order_by("number", "id"))
    summary.checkpoints = len(checkpoints)
    head = AccessLogHead.objects.filter(chain=chain).first()
    problem = (
        _verify_checkpoints(chain, checkpoints, head)
        or _verify_entries(chain, summary, chunk_size, checkpoints, head, full)
        or verify_witness(chain, summary, checkpoints, head, warnings)
    )
    return problem


def _days(days: list[date]) -> str:
    """'2026-03-04–2026-03-06, 2026-03-09': consecutive days as ranges."""
    spans: list[list[date]] = []
    for day in days:
        if spans and day - spans[-1][1] == timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([day, day])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def _verify_checkpoints(
    chain: str, checkpoints: list[AccessLogCheckpoint], head: AccessLogHead | None
) -> Problem | None:
    """The checkpoints' own chain: each signed, numbered 1, 2, 3… without a hole, each signing
    the previous one; one installation record; no alert; a daily checkpoint every day since."""
    previous: AccessLogCheckpoint | None = None
    for cp in checkpoints:
        if not hmac.compare_digest(cp.mac, checkpoint_mac(cp)):
            return Problem(
                chain, cp.seq, f"체크포인트 #{cp.pk}의 서명(HMAC)이 맞지 않아요 (위조·변경)."
            )
        expected = previous.number + 1 if previous else 1
        if cp.number != expected:
            missing = f"{expected}" if cp.number == expected + 1 else f"{expected}–{cp.number - 1}"
            return Problem(
                chain,
                None,
                f"체크포인트 {missing}번이 없어요 (삭제됨). Checkpoint(s) {missing} missing.",
            )
        if cp.prev_mac != (previous.mac if previous else ""):
            return Problem(
                chain,
                None,
                f"체크포인트 {cp.number}번이 앞 체크포인트와 이어지지 않아요 (바꿔 끼움).",
            )
        previous = cp
    for cp in checkpoints:
        if cp.kind == AccessLogCheckpointKind.ALERT:
            return Problem(
                chain,
                cp.seq,
                f"{timezone.localtime(cp.created_at):%Y-%m-%d %H:%M}에 체인 끝 기록의 서명이나 "
                "시각이 맞지 않아 기록이 현재 시각으로 이어졌어요 (체인 끝 변조 또는 시계 오류, "
                f"체크포인트 {cp.number}번). The chain head was found tampered with.",
            )
    installs = [cp for cp in checkpoints if cp.kind == AccessLogCheckpointKind.INSTALL]
    if not installs:
        if checkpoints or head is not None:
            return Problem(
                chain, None, "체인의 설치 기록이 없어요 (삭제됨). Installation record missing."
            )
        return None
    if len(installs) > 1:
        return Problem(chain, None, "설치 기록이 둘 이상이에요 (체인을 다시 시작함).")
    # 00:05 KST each day signs the day before: from the day after installation through
    # yesterday, every day must have its daily checkpoint.
    start = timezone.localtime(installs[0].created_at, KST).date()
    today = timezone.localdate(timezone.now(), KST)
    dailies = {
        timezone.localtime(cp.created_at, KST).date()
        for cp in checkpoints
        if cp.kind == AccessLogCheckpointKind.DAILY
    }
    gap = [
        start + timedelta(days=n)
        for n in range(1, (today - start).days)
        if start + timedelta(days=n) not in dailies
    ]
    if gap:
        return Problem(
            chain,
            None,
            f"일일 체크포인트가 없는 날이 있어요: {_days(gap)} "
            f"(삭제되었거나 작업이 돌지 않음). Days without a daily checkpoint: {_days(gap)}.",
        )
    return None


def _verify_entries(
    chain: str,
    summary: ChainSummary,
    chunk_size: int,
    checkpoints: list[AccessLogCheckpoint],
    head: AccessLogHead | None,
    full: bool = True,
) -> Problem | None:
    prunes = [cp for cp in checkpoints if cp.kind == AccessLogCheckpointKind.PRUNE]
    base = max(prunes, key=lambda cp: cp.seq) if prunes else None
    expected_seq = (base.seq if base else 0) + 1
    prev_hash: str | None = base.hash if base else GENESIS_HASH
    prev_seq = base.seq if base else 0
    pinned: dict[int, list[AccessLogCheckpoint]] = defaultdict(list)
    for cp in checkpoints:
        # An alert records what the head claimed when found wrong, which pins nothing.
        if cp.seq >= expected_seq and cp.kind != AccessLogCheckpointKind.ALERT:
            pinned[cp.seq].append(cp)
    last_at = None
    # Incremental: the newest checkpoint (already checked: signed, numbered, linked) names an
    # entry; the walk starts at that entry, which must still hash to what was signed, and does
    # not check its link backwards (that is what the signature is trusted for).
    anchor = None if full else _anchor(checkpoints, expected_seq)
    if anchor is not None:
        problem = _count_before(chain, summary, expected_seq, anchor)
        if problem is not None:
            return problem
        expected_seq, prev_hash, prev_seq = anchor.seq, None, anchor.seq - 1

    entries = (
        AccessLogEntry.objects.filter(chain=chain, seq__gte=expected_seq)
        .order_by("seq")
        .values(*VERIFIED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    # The subject index, walked alongside in the same order (a merge, no query per entry).
    indexed = (
        AccessLogSubject.objects.filter(entry__chain=chain, entry__seq__gte=expected_seq)
        .order_by("entry__seq", "subject")
        .values_list("entry__seq", "subject")
        .iterator(chunk_size=chunk_size)
    )
    row = next(indexed, None)
    for values in entries:
        seq = values["seq"]
        if seq != expected_seq:
            return Problem(
                chain,
                expected_seq,
                f"항목이 없어요 (삭제되었거나 일련번호가 바뀜; 다음 항목은 일련번호 {seq}).",
            )
        if (values["version"] or 1) == 1 and values["reason"]:
            # Written before the reasons were encrypted: its hash covers the plaintext, which
            # is the decrypted reason (encrypted by migration 0013) or, for an entry a process
            # on the previous code wrote during the deploy, the stored text itself. The hash
            # decides which; nothing is inferred from how the text looks.
            try:
                values["reason"] = open_reason_token(chain, seq, values["reason"])
            except DecryptionFailed:
                if entry_hash(values) == values["hash"]:
                    summary.plaintext_reasons += 1
        if entry_hash(values) != values["hash"]:
            return Problem(chain, seq, "항목 내용이 변경되었어요 (해시 불일치).")
        if not hmac.compare_digest(values["mac"], entry_mac(chain, values["hash"])):
            return Problem(
                chain, seq, "항목 내용이 변경되고 해시가 다시 계산되었어요 (서명 불일치)."
            )
        if prev_hash is not None and values["prev_hash"] != prev_hash:
            # Either the previous entry was changed and its hash recomputed, or this one's
            # link was; the earlier of the two is named.
            return Problem(
                chain,
                prev_seq if summary.entries else seq,
                f"일련번호 {seq}의 이전 해시가 앞 항목과 이어지지 않아요 "
                f"(일련번호 {prev_seq} 또는 {seq}가 변경·재배열됨).",
            )
        cp = next((c for c in pinned.get(seq, ()) if c.hash != values["hash"]), None)
        if cp is not None:
            return Problem(
                chain,
                seq,
                f"체크포인트 #{cp.pk}({timezone.localtime(cp.created_at):%Y-%m-%d %H:%M})에 서명된 "
                "해시와 달라요 (이 항목부터 체인이 다시 계산됨).",
            )
        named = []
        while row is not None and row[0] <= seq:
            named.append(row[1])
            row = next(indexed, None)
        recorded = sorted({int(s) for s in values["subjects"].split(",") if s})
        if named != recorded:
            # The hashed `subjects` is the record; its index must say exactly the same, or
            # someone's history would show (or hide) an entry.
            hint = (
                " 빠진 행만 있다면 `manage.py access_log_reindex`로 채울 수 있어요 "
                "(배포 중 이전 코드가 쓴 항목)."
                if set(named) < set(recorded)
                else ""
            )
            return Problem(
                chain,
                seq,
                "정보주체 색인이 항목의 정보주체와 달라요 (색인 행이 추가·삭제됨). "
                f"색인: {', '.join(map(str, named)) or '없음'}.{hint}",
            )
        summary.entries += 1
        summary.verified += 1
        summary.first_seq = summary.first_seq or seq
        summary.last_seq = seq
        prev_hash, prev_seq, last_at = values["hash"], seq, values["at"]
        expected_seq = seq + 1

    last_seq = prev_seq
    beyond = [seq for seq in pinned if seq > last_seq]
    if beyond:
        cp = pinned[min(beyond)][0]
        return Problem(
            chain,
            last_seq + 1,
            f"체크포인트 #{cp.pk}는 일련번호 {cp.seq}까지 있었다고 서명했지만 기록은 "
            f"일련번호 {last_seq}에서 끝나요 (뒷부분 삭제).",
        )
    if head is None:
        if last_seq or checkpoints:
            return Problem(chain, None, "체인 끝 기록이 없어요 (삭제됨).")
        return None
    if not (
        hmac.compare_digest(head.mac, head_mac(chain, head.seq, head.hash, head.at))
        or hmac.compare_digest(head.mac, legacy_head_mac(chain, head.seq, head.hash))
    ):
        return Problem(chain, head.seq, "체인 끝 기록의 서명(HMAC)이 맞지 않아요 (위조·변경).")
    if head.seq != last_seq or head.hash != prev_hash:
        if head.seq > last_seq:
            return Problem(
                chain,
                last_seq + 1,
                f"기록이 일련번호 {last_seq}에서 끝나지만 체인 끝은 일련번호 {head.seq}예요 "
                "(뒷부분 삭제).",
            )
        return Problem(chain, head.seq, "체인 끝 기록과 마지막 항목이 달라요.")
    skew = timedelta(seconds=settings.ACCESS_LOG_CLOCK_SKEW_SECONDS)
    if head.at is not None and (
        head.at > timezone.now() + skew or (last_at is not None and head.at != last_at)
    ):
        return Problem(
            chain,
            head.seq,
            f"체인 끝 시각({timezone.localtime(head.at):%Y-%m-%d %H:%M})이 마지막 항목이나 "
            "현재 시각과 맞지 않아요 (시각 변조). The head's time was moved.",
        )
    return None


def _anchor(checkpoints: list[AccessLogCheckpoint], first_seq: int) -> AccessLogCheckpoint | None:
    """The newest checkpoint that names an entry still kept (none: walk from the start)."""
    for cp in reversed(checkpoints):
        if cp.kind != AccessLogCheckpointKind.ALERT and cp.seq >= first_seq:
            return cp
    return None


def _count_before(
    chain: str, summary: ChainSummary, first_seq: int, anchor: AccessLogCheckpoint
) -> Problem | None:
    """The entries the checkpoint vouches for, counted but not read: as many as their numbers
    say, or one was deleted there (where exactly, the full verification names). Only `chain`
    and `seq` are read, so PostgreSQL can count on the (chain, seq) index alone."""
    found = AccessLogEntry.objects.filter(chain=chain, seq__gte=first_seq).aggregate(
        counted=Count("seq", filter=Q(seq__lt=anchor.seq)), last=Max("seq")
    )
    counted, expected = found["counted"], anchor.seq - first_seq
    if (found["last"] or 0) < anchor.seq:
        return Problem(
            chain,
            (found["last"] or first_seq - 1) + 1,
            f"체크포인트 #{anchor.pk}는 일련번호 {anchor.seq}까지 있었다고 서명했지만 기록은 "
            f"일련번호 {found['last'] or first_seq - 1}에서 끝나요 (뒷부분 삭제).",
        )
    if counted != expected:
        return Problem(
            chain,
            None,
            f"체크포인트 {anchor.number}번(일련번호 {anchor.seq}) 앞의 항목이 {expected}건이어야 "
            f"하는데 {counted}건이에요 (삭제·추가됨). 위치는 `verify_access_log --full`로 "
            "확인하세요.",
        )
    summary.entries = counted
    summary.first_seq = first_seq if counted else None
    summary.trusted_checkpoint = anchor.number
    return None
