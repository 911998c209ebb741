"""회원 탈퇴 as registrations: each app registers what must happen at withdrawal under a named
stage, privacy runs them in one transaction in the stages' declared order, and a failing step
undoes every earlier one."""

import ast
import datetime
from pathlib import Path
from unittest import mock

import pytest
from allauth.socialaccount.models import SocialAccount
from django.db import connection
from django.test import Client

from accounts.models import MemberSession, User
from core.jobs import KST
from privacy.keys.models import DataKey
from privacy.retention.models import RetainedRecord
from privacy.withdrawal import checks, runner
from privacy.withdrawal.registry import Stage, WithdrawalRegistry, withdrawal_registry
from tests.recruiting.conftest import make_offer
from usage.models import UsageEvent

NOW = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=KST)

# The plan of every withdrawal, as today's member_withdraw did it: what the policy keeps is
# copied while the key still opens it, the key goes, what runs ends (Kakao is asked to end the
# link while its id can still be read, queued messages are cancelled), the usage records' own
# clock starts, and last the Kakao link goes and the account is marked withdrawn.
PLAN = [
    (Stage.RETAIN, "retention.copy_to_store"),
    (Stage.SHRED, "privacy.shred_keys"),
    (Stage.END, "accounts.end_sessions"),
    (Stage.END, "privacy.sharing.revoke_grants"),
    (Stage.END, "consulting.end_engagements"),
    (Stage.END, "messaging.queue_kakao_unlink"),
    (Stage.END, "messaging.cancel_queued"),
    (Stage.CLOCK, "usage.start_clock"),
    (Stage.ACCOUNT, "accounts.unlink_kakao"),
    (Stage.ACCOUNT, "accounts.mark_withdrawn"),
]


def copy_of_the_registry(*, then=()) -> WithdrawalRegistry:
    """A registry with every registered step, plus `then` ((stage, name, run) triples)."""
    copy = WithdrawalRegistry()
    for step in withdrawal_registry.steps():
        copy.register(step.stage, step.name, step.run)
    for stage, name, run in then:
        copy.register(stage, name, run)
    return copy


def busy_member(member) -> None:
    """Signed in on a device, linked to Kakao, with a kept record (an offer) and usage records."""
    Client().force_login(member)
    SocialAccount.objects.create(user=member, provider="kakao", uid="4100000001")
    make_offer(member)
    UsageEvent.objects.create(member_id=member.pk, page="home", method="GET")


# --- The plan -------------------------------------------------------------------------------


def test_every_withdrawal_runs_the_registered_steps_in_the_declared_order():
    assert [(step.stage, step.name) for step in withdrawal_registry.steps()] == PLAN


def test_steps_run_by_stage_whatever_the_order_they_were_registered_in():
    registry = WithdrawalRegistry()
    for stage, name in [
        (Stage.ACCOUNT, "a.mark"),
        (Stage.END, "a.first"),
        (Stage.RETAIN, "b.keep"),
        (Stage.END, "b.second"),
        (Stage.SHRED, "c.shred"),
    ]:
        registry.register(stage, name, lambda **kwargs: None)

    assert [step.name for step in registry.steps()] == [
        "b.keep",
        "c.shred",
        "a.first",  # within a stage: as registered
        "b.second",
        "a.mark",
    ]


def test_a_withdrawal_runs_each_step_once_in_that_order_inside_one_transaction(member):
    ran = []

    def recording(step):
        def run(**kwargs):
            ran.append((step.name, kwargs, len(connection.atomic_blocks)))
            return step.run(**kwargs)

        return run

    recorder = WithdrawalRegistry()
    for step in withdrawal_registry.steps():
        recorder.register(step.stage, step.name, recording(step))

    outside = len(connection.atomic_blocks)  # the test's own transaction
    with mock.patch.object(runner, "withdrawal_registry", recorder):
        runner.member_withdraw(member=member, now=NOW)

    assert [name for name, _, _ in ran] == [name for _, name in PLAN]
    assert all(kwargs == {"member": member, "now": NOW} for _, kwargs, _ in ran)
    assert {depth for _, _, depth in ran} == {outside + 1}  # all in the withdrawal's one
    assert not User.objects.filter(pk=member.pk).exists()  # then the second step


# --- All or nothing -------------------------------------------------------------------------


def test_a_failing_later_step_rolls_back_every_earlier_one(member):
    busy_member(member)
    subject, name = member.subject, member.name

    def fails(*, member, now):
        raise RuntimeError("the step after the account was marked")

    failing = copy_of_the_registry(then=[(Stage.ACCOUNT, "tests.fails", fails)])
    with (
        mock.patch.object(runner, "withdrawal_registry", failing),
        mock.patch.object(runner, "destroy_accounts") as second_step,
        pytest.raises(RuntimeError),
    ):
        runner.member_withdraw(member=member, now=NOW)

    second_step.assert_not_called()
    assert RetainedRecord.objects.count() == 0  # the copy to the store is undone
    assert DataKey.objects.filter(subject=subject).exists()  # the key is back
    assert MemberSession.objects.filter(user_id=member.pk).count() == 1
    assert SocialAccount.objects.filter(user_id=member.pk).count() == 1
    assert UsageEvent.objects.get(member_id=member.pk).withdrawn_at is None
    account = User.objects.get(pk=member.pk)
    assert account.withdrawn_at is None and account.is_active
    assert account.name == name  # still readable: nothing was shredded


def test_without_the_failing_step_the_same_member_withdraws(member):
    busy_member(member)
    subject = member.subject

    runner.member_withdraw(member=member, now=NOW)

    assert not User.objects.filter(pk=member.pk).exists()
    assert not DataKey.objects.filter(subject=subject).exists()
    assert RetainedRecord.objects.count() == 1
    assert MemberSession.objects.filter(user_id=member.pk).count() == 0
    assert SocialAccount.objects.count() == 0
    assert UsageEvent.objects.get(member_id=member.pk).withdrawn_at == NOW


# --- Registration ---------------------------------------------------------------------------


def test_a_name_registered_twice_is_refused():
    registry = WithdrawalRegistry()
    registry.register(Stage.END, "consulting.end_engagements", lambda **kwargs: None)

    with pytest.raises(ValueError, match="registered already"):
        registry.register(Stage.CLOCK, "consulting.end_engagements", lambda **kwargs: None)


def test_a_function_registered_twice_is_refused():
    registry = WithdrawalRegistry()

    @registry.register(Stage.END, "messaging.drop_queued")
    def drop_queued(*, member, now):
        pass

    with pytest.raises(ValueError, match="the function is"):
        registry.register(Stage.END, "messaging.drop_queued_again", drop_queued)
    assert [step.name for step in registry.steps()] == ["messaging.drop_queued"]


def test_a_step_needs_a_declared_stage():
    with pytest.raises(TypeError):
        WithdrawalRegistry().register("end", "consulting.end", lambda **kwargs: None)


def test_the_system_check_names_a_stage_no_app_registered_a_step_for():
    assert checks.every_withdrawal_stage_has_a_step(None) == []

    registry = WithdrawalRegistry()
    registry.register(Stage.SHRED, "privacy.shred_keys", lambda **kwargs: None)
    with mock.patch("privacy.withdrawal.registry.withdrawal_registry", registry):
        errors = checks.every_withdrawal_stage_has_a_step(None)

    assert [e.id for e in errors] == ["privacy.E030"] * 4
    assert "ACCOUNT" in errors[-1].msg


# --- Who imports whom -----------------------------------------------------------------------


def imported_modules(package: str) -> set[tuple[str, str]]:
    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in (root / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(root)), a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add((str(path.relative_to(root)), node.module))
    return found


def test_privacy_never_imports_accounts():
    assert [
        (where, name)
        for where, name in imported_modules("privacy")
        if name == "accounts" or name.startswith("accounts.")
    ] == []


def test_accounts_leaves_what_others_do_at_withdrawal_to_their_registrations():
    assert [
        (where, name)
        for where, name in imported_modules("accounts")
        if name.split(".")[0] == "usage" or name.startswith("privacy.retention")
    ] == []
