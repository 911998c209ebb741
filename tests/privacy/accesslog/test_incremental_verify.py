"""Issue 16: the access log verified from its last signed checkpoint (the default, what the
quarterly audit runs), so a daily run costs what a day added; `verify_access_log --full` walks
it all. Incremental trusts the checkpoint's signature — that the chain ended in the entry it
names, with that hash, when it was signed — and so finds what was done after it, and a
deletion before it (the entries there are counted), but not an edit before it: the full
verification does."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from privacy.accesslog.head import access_log_checkpoint
from privacy.accesslog.models import AccessLogChain
from privacy.accesslog.verify import access_log_verify
from tests.privacy.test_access_log import append, behind_the_apps_back, delete_entries


def command(*args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_access_log", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


def access(result):
    return {c.chain: c for c in result.chains}[AccessLogChain.ACCESS]


def edit(seq: int) -> None:
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogentry SET ip = '1.1.1.1' WHERE chain = 'access' AND seq = %s",
            [seq],
        )


def a_day_after_a_checkpoint():
    """Entries 1–5, the daily checkpoint (at 5), then a day's entries 6–8."""
    append(5)
    checkpoint = access_log_checkpoint()[0]
    append(3)
    return checkpoint


def test_incremental_walks_from_the_checkpoint_entry_and_counts_the_rest(db):
    checkpoint = a_day_after_a_checkpoint()

    incremental, full = access_log_verify(), access_log_verify(full=True)

    assert incremental.ok and full.ok
    chain = access(incremental)
    assert chain.trusted_checkpoint == checkpoint.number
    assert chain.verified == 4  # entry 5, which the checkpoint signed, and 6–8
    assert (chain.entries, chain.first_seq, chain.last_seq) == (8, 1, 8)
    assert (access(full).verified, access(full).trusted_checkpoint) == (8, None)
    code, output = command()
    assert code == 0 and "접속기록: 8건 (일련번호 1–8)" in output
    assert f"체크포인트 {checkpoint.number}번부터 4건 검증" in output


def test_without_a_checkpoint_beyond_the_start_incremental_is_a_full_walk(db):
    append(4)  # only the installation record, at 0

    chain = access(access_log_verify())

    assert chain.trusted_checkpoint is None and chain.verified == 4


def test_incremental_finds_an_edit_after_the_checkpoint(db):
    a_day_after_a_checkpoint()
    edit(7)

    result = access_log_verify()

    assert [(p.chain, p.seq) for p in result.problems] == [("access", 7)]


def test_incremental_finds_the_checkpointed_entry_itself_changed(db):
    a_day_after_a_checkpoint()
    edit(5)

    result = access_log_verify()

    assert not result.ok and result.first_problem.seq == 5


def test_an_edit_before_the_checkpoint_is_trusted_by_incremental_and_found_by_full(db):
    a_day_after_a_checkpoint()
    edit(2)

    assert access_log_verify().ok  # the checkpoint's signature vouches for entries 1–5
    full = access_log_verify(full=True)
    assert [(p.chain, p.seq) for p in full.problems] == [("access", 2)]
    assert command()[0] == 0
    code, output = command("--full")
    assert code == 1 and "일련번호 2" in output and "변경" in output


def test_a_deletion_before_the_checkpoint_shows_in_the_count_and_full_names_it(db):
    a_day_after_a_checkpoint()
    with behind_the_apps_back() as cursor:
        delete_entries(cursor, "chain = 'access' AND seq = 3")

    code, output = command()
    assert code == 1 and "4건이어야 하는데 3건" in output and "--full" in output
    code, output = command("--full")
    assert code == 1 and "일련번호 3" in output and "항목이 없어요" in output


def test_a_cut_back_past_the_checkpoint_is_found_by_incremental(db):
    a_day_after_a_checkpoint()
    with behind_the_apps_back() as cursor:
        delete_entries(cursor, "chain = 'access' AND seq >= 4")

    code, output = command()

    assert code == 1 and "뒷부분 삭제" in output


def test_the_daily_checkpoint_job_verifies_the_day_before_signing_it(db, caplog):
    """Once signed, the day is trusted by incremental runs: the job looks at it first, and an
    edit made during the day is logged as an error before the checkpoint covers it."""
    import datetime
    import logging

    from core.jobs import KST, run_due_jobs
    from privacy.accesslog.models import AccessLogCheckpoint

    a_day_after_a_checkpoint()
    edit(7)
    before = AccessLogCheckpoint.objects.count()

    with caplog.at_level(logging.ERROR, logger="privacy.accesslog.tasks"):
        done = run_due_jobs(now=datetime.datetime(2026, 3, 10, 0, 5, tzinfo=KST))

    assert done == {"access-log-checkpoint": "done"}
    assert "verification before the daily checkpoint failed" in caplog.text
    assert "일련번호 7" in caplog.text
    assert AccessLogCheckpoint.objects.count() == before + 2  # signed all the same
    assert access_log_verify().ok  # which is why the error is logged first
    assert not access_log_verify(full=True).ok
