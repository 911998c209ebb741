"""The destruction engine destroys by the retention registry: every registered model has a
rule, keys go before rows, and a withdrawal cut short after its first step is finished by the
daily job."""

import datetime
import re
from unittest import mock

import pytest
from allauth.socialaccount.models import SocialAccount
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import MemberSession, User
from core.jobs import KST, JobContext, run_due_jobs
from core.models import JobRun
from coverletters.models import AnswerVersion, Question
from experiences.models import Experience
from privacy.consents.models import ConsentRecord
from privacy.keys.models import DataKey
from privacy.registry.registry import registry
from privacy.retention import engine
from privacy.retention.engine import JOB
from privacy.retention.models import DestructionRun, EntryKind, RetainedRecord
from privacy.withdrawal import runner as withdrawal
from profiles.models import Profile
from tests.conftest import make_member
from tests.privacy.test_encryption import fill_everything
from tests.recruiting.conftest import make_offer
from usage.models import UsageEvent

NOW = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=KST)


def test_every_registered_model_has_a_destruction_rule():
    for entry in registry.entries.values():
        assert entry.due is not None or entry.with_parent, entry.model
        if entry.with_parent:
            parent = entry.model._meta.get_field(entry.with_parent)
            # The parent's deletion must take the row with it, and the parent has a rule.
            assert parent.remote_field.on_delete.__name__ == "CASCADE", entry.model
            assert registry.entry(parent.related_model).due is not None, entry.model
    walked = {s.entry.model for s in engine.steps() if s.kind == "rows"}
    assert walked == {e.model for e in registry.entries.values() if e.due is not None}


def test_rows_are_walked_before_the_rows_they_point_to():
    order = [s.entry.model for s in engine.steps() if s.kind == "rows"]
    for i, model in enumerate(order):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in order[:i]:
                pytest.fail(f"{model.__name__} comes after {field.related_model.__name__}")


def test_keys_are_shredded_in_a_pass_before_any_row_is_deleted():
    kinds = [s.kind for s in engine.steps()]
    assert kinds == sorted(kinds)  # "keys" < "rows": every key step first


def interrupted_withdrawal(member):
    """The first transaction commits; the second (row deletion) never happens."""
    with mock.patch.object(withdrawal, "destroy_accounts", side_effect=RuntimeError):
        withdrawal.member_withdraw(member=member, now=NOW)


def test_an_interrupted_withdrawal_already_shredded_the_key_and_ended_sign_in(member, client):
    fill_everything(member)
    client.force_login(member)
    SocialAccount.objects.create(user=member, provider="kakao", uid="4100000001")

    interrupted_withdrawal(member)

    left = User.objects.get(pk=member.pk)
    assert left.withdrawn_at == NOW and not left.is_active
    assert (left.name, left.phone, left.phone_index) == ("", "", "")
    assert not DataKey.objects.filter(subject=member.subject).exists()
    assert not MemberSession.objects.filter(user_id=member.pk).exists()
    assert not SocialAccount.objects.exists()
    assert client.get("/home/").status_code == 302
    # What is still there is unreadable: the key is gone.
    assert Profile.objects.get(member=member).name == "[파기된 정보]"


def test_the_daily_job_finishes_an_interrupted_withdrawal_with_a_ledger_row_each(member):
    fill_everything(member)
    experiences = Experience.objects.filter(member=member).count()
    interrupted_withdrawal(member)

    assert run_due_jobs(now=NOW + datetime.timedelta(hours=1))[JOB] == "done"

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Experience.objects.exists() and not Profile.objects.exists()
    assert not ConsentRecord.objects.exists()
    runs = {r.category: r for r in DestructionRun.objects.filter(job=JOB)}
    assert set(runs) == {c.name for c in registry.ordered_categories()}
    assert runs["경험 나열"].count == experiences
    assert runs["회원가입"].count >= 4  # the account and its 3 consent records
    assert all(r.finished_at and r.errors == "" for r in runs.values())


def test_destroying_rows_never_decrypts_them(member):
    # The key is gone by then: each decryption attempt would be a key lookup and a warning
    # per encrypted field per row, which made a backlog of 100,000 members take hours.
    fill_everything(member)
    interrupted_withdrawal(member)

    with mock.patch("privacy.keys.sealing.decrypt", side_effect=AssertionError("decrypted")):
        assert run_due_jobs(now=NOW + datetime.timedelta(hours=1))[JOB] == "done"

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Experience.objects.exists() and not Profile.objects.exists()


def test_members_who_stay_lose_nothing_however_old_their_data(member, other_member):
    fill_everything(member)
    Experience.objects.filter(member=member).update(
        created_at=timezone.now() - datetime.timedelta(days=3650)
    )
    before = Experience.objects.count()

    run_due_jobs(now=NOW + datetime.timedelta(days=3650))

    assert Experience.objects.count() == before
    assert User.objects.filter(pk__in=[member.pk, other_member.pk]).count() == 2


def test_a_run_killed_after_the_key_pass_resumes_with_the_rows(member, settings):
    settings.DESTRUCTION_BATCH = 1
    fill_everything(member)
    interrupted_withdrawal(member)
    real = engine.delete_rows_batch

    def dies_on_rows(*args, **kwargs):
        raise RuntimeError("worker lost")

    with mock.patch.object(engine, "delete_rows_batch", dies_on_rows):
        assert run_due_jobs(now=NOW)[JOB] == "failed"
    assert User.objects.filter(pk=member.pk).exists()
    assert all("RuntimeError" in r.errors for r in DestructionRun.objects.filter(job=JOB))

    with mock.patch.object(engine, "delete_rows_batch", real):
        assert run_due_jobs(now=NOW + datetime.timedelta(minutes=15))[JOB] == "done"
    assert not User.objects.filter(pk=member.pk).exists()
    assert DestructionRun.objects.filter(job=JOB).count() == len(registry.ordered_categories())


def test_a_batch_that_fails_as_it_commits_is_counted_once_when_redone(member):
    fill_everything(member)
    interrupted_withdrawal(member)
    real_save = JobContext._save
    failed = []

    def commit_fails_once(ctx, **fields):
        # The first batch that destroyed rows fails at its cursor write (a serialization
        # failure, a soft time limit): its deletions and ledger counts roll back.
        if fields.get("state") == JobRun.State.RUNNING and ctx.progress["counts"] and not failed:
            failed.append(dict(ctx.progress["counts"]))
            raise OperationalError("could not serialize access due to concurrent update")
        return real_save(ctx, **fields)

    with mock.patch.object(JobContext, "_save", commit_fails_once):
        assert run_due_jobs(now=NOW)[JOB] == "failed"
    assert run_due_jobs(now=NOW + datetime.timedelta(minutes=15))[JOB] == "done"

    assert failed
    run = JobRun.objects.get(job=JOB)
    ledger = {r.category: r.count for r in DestructionRun.objects.filter(job=JOB) if r.count}
    assert run.progress["counts"] == ledger
    assert not User.objects.filter(pk=member.pk).exists()


def test_expired_sessions_are_destroyed_and_live_ones_kept(db):
    old = MemberSession.objects.create(
        session_key="a" * 32, session_data="x", expire_date=NOW - datetime.timedelta(minutes=1)
    )
    live = MemberSession.objects.create(
        session_key="b" * 32, session_data="x", expire_date=NOW + datetime.timedelta(days=1)
    )

    run_due_jobs(now=NOW)

    assert list(MemberSession.objects.values_list("pk", flat=True)) == [live.pk]
    assert not MemberSession.objects.filter(pk=old.pk).exists()


def test_offers_move_to_the_store_as_an_이관_not_a_파기(member):
    make_offer(member, message="제안쀍")

    withdrawal.member_withdraw(member=member, now=NOW)

    assert RetainedRecord.objects.count() == 1
    run = DestructionRun.objects.get(job="withdrawal", category="지원 내역")
    assert (run.kind, run.count) == (EntryKind.TRANSFER, 1)


def queries_to_destroy(members: int) -> int:
    for i in range(members):
        member = make_member(name=f"회원{i}", phone=f"010-3000-{i:04d}")
        fill_everything(member)
        interrupted_withdrawal(member)
    with CaptureQueriesContext(connection) as queries:
        assert run_due_jobs(now=NOW + datetime.timedelta(days=1))[JOB] == "done"
    assert not User.objects.filter(withdrawn_at__isnull=False).exists()
    return len(queries)


@pytest.mark.django_db
def test_the_job_costs_the_same_queries_for_one_member_as_for_five():
    # No query per row or per member (a decryption attempt, a key lookup): per batch only.
    counts = []
    for members in (1, 1, 5):  # the first run warms caches (content types, policy version)
        JobRun.objects.all().delete()
        counts.append(queries_to_destroy(members))
    assert counts[2] == counts[1]


def test_the_ledger_page_shows_what_is_due_now_and_within_30_days(client, member, settings):
    from tests.usage.test_admin import LEDGER, staff_with

    UsageEvent.objects.create(
        member_id=4242, page="home:home", method="GET",
        withdrawn_at=timezone.now() - datetime.timedelta(days=45),
    )  # fmt: skip
    interrupted_withdrawal(member)  # a backlog: an account whose rows are still there
    client.force_login(staff_with("view_destructionrun"))

    # Counted on the officer's demand (the daily job counts it too), not on each view.
    response = client.post(f"{LEDGER}pending/refresh/", follow=True)
    page = response.content.decode()

    rows = {
        name: (now, soon)
        for name, now, soon in re.findall(
            r'<th scope="row">([^<]+)</th><td>(\d+)건[^<]*</td><td>(\d+)건</td>', page
        )
    }
    # The usage record (withdrawn 45 days ago, due at 60) and the officer's own session,
    # which expires within 14 days.
    assert rows["서비스 이용"] == ("0", str(1 + MemberSession.objects.count()))
    assert rows["회원가입"][0] != "0" and "다음 정기 작업에서 파기해요" in page
    assert rows["경험 나열"] == ("0", "0")
    assert "정기 파기 작업이 아직 한 번도 끝나지 않았어요" in page


def test_a_resumed_run_walks_the_rows_again_and_leaves_nothing_written_meanwhile(member):
    fill_everything(member)
    question = Question.objects.filter(cover_letter__member=member).first()
    interrupted_withdrawal(member)
    real = engine.delete_rows_batch

    def fails_at_questions(entry, *args, **kwargs):
        if entry.model is Question:
            raise RuntimeError("lock timeout")
        return real(entry, *args, **kwargs)

    with mock.patch.object(engine, "delete_rows_batch", fails_at_questions):
        assert run_due_jobs(now=NOW)[JOB] == "failed"
    assert not AnswerVersion.objects.exists()  # walked before the questions
    # A version saved for the withdrawn account after its step was walked (questions are
    # deleted without Django's collector, so only walking again removes it).
    sneaked = AnswerVersion.objects.create(question=question, revision=99, text="나중에 쓴 답")

    assert run_due_jobs(now=NOW + datetime.timedelta(minutes=15))[JOB] == "done"

    assert not AnswerVersion.objects.filter(pk=sneaked.pk).exists()
    assert not Question.objects.exists() and not User.objects.filter(pk=member.pk).exists()
    assert not DataKey.objects.filter(subject=member.subject).exists()  # its new key too
