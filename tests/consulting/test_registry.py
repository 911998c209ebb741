"""Consulting's data in the retention registry, and its withdrawal step."""

import datetime

from django.test import Client
from django.utils import timezone

from consulting.models import ConsultantInvitation, ConsultantProfile, Engagement, EngagementState
from consulting.services import invitation_create, member_engagements_end
from core.jobs import run_due_jobs
from privacy.api import CONSULTANT, CONSULTING, registry, withdrawal_registry
from privacy.keys.models import DataKey
from privacy.retention.engine import JOB
from privacy.withdrawal import runner
from tests.consulting.conftest import make_engagement


def test_every_consulting_field_is_classified():
    assert registry.unclassified_fields([ConsultantProfile, ConsultantInvitation, Engagement]) == []


def test_engagements_are_the_members_and_go_with_the_account():
    entry = registry.entry(Engagement)
    assert entry.category is CONSULTING
    assert entry.owner == "member.subject"
    assert entry.destroyed_with_account
    assert "request_note" in entry.encrypted


def test_the_consultants_own_data_is_sealed_under_their_key():
    profile = registry.entry(ConsultantProfile)
    assert profile.category is CONSULTANT
    assert profile.owner == "consultant.subject"
    assert {"display_name", "credential_note"} <= profile.encrypted
    invitation = registry.entry(ConsultantInvitation)
    assert invitation.own_key == "subject"
    assert invitation.encrypted == {"name"}
    assert "token_hash" in invitation.non_personal


def test_withdrawal_cancels_the_members_open_engagements_only(member, other_member, consultant):
    open_one = make_engagement(member, consultant)
    closed = make_engagement(member, consultant, state=EngagementState.CLOSED)
    someone_elses = make_engagement(other_member, consultant)
    now = timezone.now()

    member_engagements_end(member=member, now=now)

    assert Engagement.objects.get(pk=open_one.pk).state == EngagementState.CANCELLED
    assert Engagement.objects.get(pk=open_one.pk).ended_at == now
    assert Engagement.objects.get(pk=closed.pk).state == EngagementState.CLOSED
    assert Engagement.objects.get(pk=someone_elses.pk).state == EngagementState.REQUESTED
    assert "consulting.end_engagements" in [step.name for step in withdrawal_registry.steps()]


def test_an_invitation_a_month_past_expiry_is_destroyed_with_its_key(staff):
    old, _ = invitation_create(name="오래된 초대", created_by=staff)
    recent, _ = invitation_create(name="새 초대", created_by=staff)
    now = timezone.now()
    ConsultantInvitation.objects.filter(pk=old.pk).update(
        expires_at=now - datetime.timedelta(days=31)
    )
    assert DataKey.objects.filter(subject=old.subject).exists()

    assert run_due_jobs(now=now)[JOB] == "done"

    assert list(ConsultantInvitation.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not DataKey.objects.filter(subject=old.subject, state="active").exists()


def test_a_withdrawn_members_engagements_leave_the_consultants_home(member, consultant):
    make_engagement(member, consultant)

    runner.member_withdraw(member=member, now=timezone.now())

    assert not Engagement.objects.filter(member_id=member.pk).exists()
    client = Client()
    client.force_login(consultant)
    assert "아직 받은 컨설팅 요청이 없어요" in client.get("/consulting/").content.decode()
