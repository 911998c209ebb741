"""Seven simulated years: a population that joins, writes, applies, receives offers, files
requests, asks for deletion and withdraws on random days, with the clock controlled and the
scheduled jobs run every day; every day, every member's data is checked against the policy's
deadlines (nothing kept past them) and against what must still be there (nothing destroyed
early).

The deadlines checked, from the privacy policy and the retention registry:
- 회원가입, 본인 프로필, 경험 나열, 자기소개서 (and the live 지원 내역 rows, once copied):
  회원 탈퇴 시 즉시 파기 — gone at withdrawal; when the withdrawal's second step was cut short,
  by the next daily run (within the policy's 5-day 파기기한);
- 서비스 이용 (usage records, rights requests): 회원 탈퇴 시 3개월 이내 파기;
- 분리 보관 (지원 내역, 입사 제안): kept 5 years after withdrawal, readable all that time, then
  destroyed within 5 days;
- sessions: gone once expired (by the next daily run) and at withdrawal;
- the access log (staff and consultants reading members' data): kept 2 years
  (ACCESS_LOG_RETENTION_DAYS; the policy promises 6 months or more, 안전성 확보조치 기준 제8조
  1–2 years), then pruned within 5 days;
- 컨설팅 (policy 2026-12-10): members ask consultants for consulting and share a copy; the copy
  is destroyed 7 days after the consultant's access ends (the consent withdrawn, for that share
  or from the privacy centre as a whole, the engagement closed or cancelled, its 30 days run
  out), and not before; requests and comments go with the account (no comment is left once the
  account is destroyed); no grant stays open for a member who left, and every consultant view
  after an access ended is refused.
- 카카오톡 메시지 (the message log): destroyed six months after it was queued (by the next
  daily run) and at withdrawal; a withdrawing member's queued messages are cancelled first;
- 카카오 연결 끊기: a member who signed in with Kakao and withdraws is unlinked at Kakao (the
  fake, over HTTP) by the next sweep, once; the Kakao id is blanked when Kakao confirms, and the
  row goes 7 days later (by the next daily run).
"Nothing early": a member who has not withdrawn has every row they wrote, a request is kept
while its member stays, a retained record and its key exist until its 5 years end, and every
access-log entry younger than its retention is still in the chain.
"""

from __future__ import annotations

import datetime
import os
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from unittest import mock

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from accounts.kakao.fake import views as fake_kakao
from accounts.models import MemberSession, Role, User
from consulting import services as consulting
from consulting.catalog import ServiceKind
from consulting.models import Comment, Engagement, Snapshot
from consulting.snapshots import Selection, load
from core.jobs import KST, run_due_jobs
from coverletters.models import CoverLetter
from experiences.models import Experience, ExperienceKind
from messaging.kakao_unlink.services import kakao_unlink_sweep
from messaging.models import KakaoUnlink, Message, State, UnlinkState
from messaging.privacy import MESSAGE_KEPT, UNLINK_DONE_KEPT
from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry
from privacy.consents.models import ConsentChannel
from privacy.keys.models import DataKey
from privacy.registry.categories import CONSULTANT_ACCESS_DAYS, CONSULTANT_COPY_KEPT_DAYS
from privacy.registry.registry import registry
from privacy.retention import engine
from privacy.retention.models import RetainedRecord
from privacy.rights import filing, steps
from privacy.rights.models import RightsKind, RightsRequest
from privacy.sharing.models import SharingGrant
from privacy.sharing.provisions import SharingPurpose
from privacy.sharing.refusals import SharingRefused
from privacy.sharing.selectors import shared_view
from privacy.sharing.services import sharing_withdraw_consent, sharing_withdraw_provision
from privacy.withdrawal import runner as withdrawal
from recruiting.models import Company, Offer, Posting
from recruiting.services import application_submit
from tests.conftest import make_member
from tests.coverletters.conftest import make_letter
from tests.profiles.factories import add_career, add_education, make_profile
from usage.models import UsageEvent

# Seven years that ended before the real clock's last year: the access log's triggers allow a
# prune only of entries the database's own clock (not the simulated one) sees as a year old.
START = datetime.date(2017, 1, 2)
DAYS = int(os.environ.get("SIM_DAYS", 7 * 365 + 2))
MEMBERS = int(os.environ.get("SIM_MEMBERS", 300))
SEED = int(os.environ.get("SIM_SEED", 20261201))
STORE_DAYS = 5 * 365 + 2  # privacy.registry.categories.APPLICATION_RECORDS_DAYS
USAGE_DEADLINE_DAYS = 93  # "3개월 이내"
REQUEST_DEADLINE_DAYS = 93
GRACE_DAYS = 5  # 파기기한: within 5 days of the end of keeping

# The models a simulated member writes, whose rows must all be there while they stay.
TRACKED = ("Profile", "Education", "Career", "Experience", "CoverLetter", "Question", "Offer")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=KST)


# How a consulting request ends: the member withdraws this share's consent, or the provision's
# from the privacy centre (every share at once); the engagement is closed after delivery, or
# cancelled; or nothing happens and the 30 days run out.
OUTCOMES = ("withdraw_consent", "withdraw_all", "close", "cancel", "expire")
CONSULTANTS = ("이서연", "박도윤", "최하은")


@dataclass
class Consult:
    requested: int  # day numbers from START
    outcome: str
    ends: int
    consultant: int  # index into CONSULTANTS
    grant: int | None = None
    engagement: int | None = None


@dataclass
class Person:
    index: int
    joins: int  # day numbers from START
    writes: list[int]
    applies: int | None
    offered: int | None
    correction: int | None
    leaves: int | None
    by_deletion_request: bool
    interrupted: bool
    pk: int | None = None
    kakao_id: str = ""
    messages: dict[int, datetime.datetime] = field(default_factory=dict)  # pk → queued at
    expected: Counter = field(default_factory=Counter)
    usage: int = 0
    requests: list[int] = field(default_factory=list)
    closed_at: dict[int, datetime.datetime] = field(default_factory=dict)
    left_on: datetime.date | None = None
    retained: set[tuple[str, int]] = field(default_factory=set)
    store_until: datetime.date | None = None
    store_subjects: set = field(default_factory=set)
    consults: list[Consult] = field(default_factory=list)
    snapshots: dict[int, int] = field(default_factory=dict)  # snapshot → its grant


def plan_consults(rng: random.Random, person: Person, last: int) -> None:
    """Up to two requests, each to another consultant, with how and when it ends (from an RNG
    of its own, so the rest of the population is as it was before consulting existed)."""
    if rng.random() >= 0.4:
        return
    for k in range(rng.choice((1, 1, 2))):
        requested = person.joins + rng.randint(1, 500)
        outcome = rng.choice(OUTCOMES)
        later = CONSULTANT_ACCESS_DAYS + 1 if outcome == "expire" else rng.randint(1, 40)
        if requested < last:
            person.consults.append(Consult(requested, outcome, requested + later, consultant=k))


def plan(rng: random.Random) -> list[Person]:
    consults = random.Random(SEED + 12)  # noqa: S311 - a reproducible population
    people = []
    for i in range(MEMBERS):
        joins = rng.randrange(0, int(DAYS * 0.75))
        after = lambda lo=1, hi=400, j=joins: j + rng.randint(lo, hi)  # noqa: E731
        # A third leave within two years of joining, so retention-store records come due.
        leaves = rng.choice([None, after(2, 700), after(2, 700), after(30, 2500)])
        if leaves is not None and leaves >= DAYS:
            leaves = None
        last = leaves if leaves is not None else DAYS
        people.append(
            Person(
                index=i,
                joins=joins,
                writes=sorted(d for d in {after(0, 300) for _ in range(rng.randint(1, 4))}),
                applies=after(1, 300) if rng.random() < 0.45 else None,
                offered=after(1, 300) if rng.random() < 0.25 else None,
                correction=after(1, 500) if rng.random() < 0.2 else None,
                leaves=leaves,
                by_deletion_request=rng.random() < 0.25,
                interrupted=rng.random() < 0.1,
            )
        )
        # Nothing happens to a member after they left.
        person = people[-1]
        person.writes = [d for d in person.writes if d < last]
        for name in ("applies", "offered", "correction"):
            day = getattr(person, name)
            if day is not None and day >= last:
                setattr(person, name, None)
        plan_consults(consults, person, last)
    return people


def n_last(day: datetime.date) -> bool:
    return day == START + datetime.timedelta(days=DAYS - 1)


class World:
    def __init__(self, people: list[Person], staff):
        self.people = people
        self.staff = staff
        self.company = Company.objects.create(name="라이프전자")
        self.posting = Posting.objects.create(
            company=self.company, title="상시 채용", job="마케팅", deadline=None
        )
        self.by_day: dict[int, list[tuple[str, Person]]] = defaultdict(list)
        for p in people:
            self.by_day[p.joins].append(("join", p))
            for d in p.writes:
                self.by_day[d].append(("write", p))
            for name in ("applies", "offered", "correction"):
                if getattr(p, name) is not None:
                    self.by_day[getattr(p, name)].append((name, p))
            if p.leaves is not None:
                self.by_day[p.leaves].append(("leave", p))
        self.consultants = [
            User.objects.create_user(
                f"consultant{i}", f"consultant-password-{i}", role=Role.CONSULTANT
            )
            for i in range(len(CONSULTANTS))
        ]
        for p in people:
            for c in p.consults:
                self.by_day[c.requested].append(("consult", p))
                if c.ends < (p.leaves if p.leaves is not None else DAYS):
                    self.by_day[c.ends].append(("consult_end", p))
        self.violations: list[str] = []
        # Messages get their states from an RNG of their own: the population stays as it was.
        self.messaging_rng = random.Random(SEED + 13)  # noqa: S311 - reproducible
        self.messages_queued = 0
        self.messages_destroyed = 0
        self.messages_cancelled = 0
        self.unlinked: Counter = Counter()  # Kakao id → unlink calls Kakao confirmed
        self.member_days = 0
        self.access_log: dict[int, datetime.datetime] = {}  # seq → when staff or consultants read
        self.outcomes: Counter = Counter()
        self.copies_destroyed = 0
        self.left_while_shared = 0

    # --- What members do ----------------------------------------------------------------

    def join(self, p: Person, day: datetime.date) -> None:
        member = make_member(name=f"회원{p.index:03d}쀍", phone=f"010-{5000 + p.index:04d}-1234")
        p.pk = member.pk
        p.kakao_id = f"42{p.index:08d}"
        SocialAccount.objects.create(user=member, provider="kakao", uid=p.kakao_id)
        self.message(p, member, "welcome")
        MemberSession.objects.create(
            session_key=f"s{p.index:031d}",
            session_data="x",
            user_id=member.pk,
            expire_date=at(day, 12) + datetime.timedelta(days=14),
        )

    @staticmethod
    def ensure_profile(p: Person, member) -> None:
        if not p.expected["Profile"]:
            profile = make_profile(member, name=member.name, desired_job="마케팅")
            add_education(profile, school=f"한국대학교{p.index}")
            add_career(profile, company=f"회사{p.index}")
            p.expected.update(Profile=1, Education=1, Career=1)

    def write(self, p: Person, rng: random.Random) -> None:
        member = self.member(p)
        self.ensure_profile(p, member)
        for _ in range(rng.randint(1, 3)):
            Experience.objects.create(
                member=member, title=f"경험{p.index}", kind=ExperienceKind.PROJECT
            )
            p.expected["Experience"] += 1
        questions = rng.randint(1, 3)
        make_letter(member, title=f"자소서{p.index}", questions=questions)
        p.expected.update(CoverLetter=1, Question=questions)
        UsageEvent.objects.create(member_id=member.pk, page="home:home", method="GET")
        p.usage += 1
        self.message(p, member, "write")

    def applies(self, p: Person, day) -> None:
        member = self.member(p)
        self.ensure_profile(p, member)
        letter = make_letter(member, title=f"지원서{p.index}", questions=1)
        p.expected.update(CoverLetter=1, Question=1)
        application_submit(member=member, posting=self.posting, cover_letter=letter, consented=True)

    def offered(self, p: Person, day) -> None:
        member = self.member(p)
        Offer.objects.create(member=member, company=self.company, message="함께해요")
        p.expected["Offer"] += 1
        self.message(p, member, "offer")

    def message(self, p: Person, member, why: str) -> None:
        """A KakaoTalk message queued for the member, in whatever state the relay left it
        (the relay is not part of this simulation)."""
        now = timezone.now()
        state = self.messaging_rng.choice(
            (State.DELIVERED, State.DELIVERED, State.FAILED, State.SKIPPED, State.QUEUED)
        )
        row = Message.objects.create(
            recipient=member,
            kind="recruiting.offer",
            template_code="LMOFFER01",
            params={"company": "라이프전자", "why": why},
            key=f"sim:{p.index}:{why}:{self.messages_queued}",
            state=state,
            created_at=now,
        )
        p.messages[row.pk] = now
        self.messages_queued += 1

    def correction(self, p: Person, day) -> None:
        request = self.handled_request(p, RightsKind.CORRECTION)
        p.requests.append(request.pk)

    # --- Consulting ---------------------------------------------------------------------

    def consult(self, p: Person, day: datetime.date) -> None:
        """The member asks a consultant, sharing profile items and a letter; the consultant
        opens the copy (allowed) and comments on it."""
        c = next(c for c in p.consults if START + datetime.timedelta(days=c.requested) == day)
        member = self.member(p)
        self.ensure_profile(p, member)
        letters = tuple(CoverLetter.objects.filter(member=member).values_list("pk", flat=True)[:1])
        selection = Selection(profile=("이름", "희망 직무"), cover_letters=letters)
        now = timezone.now()
        consultant = self.consultants[c.consultant]
        engagement = consulting.engagement_request(
            member=member,
            consultant=consultant,
            service=ServiceKind.COVER_LETTER_REVIEW,
            note="자기소개서를 봐 주세요",
            selection=selection,
            notice=consulting.provision_notice(
                consultant_name=CONSULTANTS[c.consultant],
                service=ServiceKind.COVER_LETTER_REVIEW,
                chosen=load(member, selection, "자기소개서를 봐 주세요"),
                expires_at=now + datetime.timedelta(days=CONSULTANT_ACCESS_DAYS),
            ),
            now=now,
        )
        snapshot = engagement.snapshots.get()
        c.engagement, c.grant = engagement.pk, snapshot.grant_id
        p.snapshots[snapshot.pk] = snapshot.grant_id
        if not self.consultant_opens(p, c, day):
            self.fail(day, "a consultant refused a copy just shared with them")
        Comment.objects.create(
            engagement=engagement, author=consultant, body="첫 문단을 줄여 보세요."
        )

    def consult_end(self, p: Person, day: datetime.date) -> None:
        c = next(c for c in p.consults if START + datetime.timedelta(days=c.ends) == day)
        now = timezone.now()
        engagement = Engagement.objects.get(pk=c.engagement)
        if c.outcome == "withdraw_consent":
            sharing_withdraw_consent(c.grant, now=now)
        elif c.outcome == "withdraw_all":
            sharing_withdraw_provision(
                member=self.member(p),
                purpose=SharingPurpose.CONSULTANT,
                channel=ConsentChannel.PRIVACY_CENTRE,
                now=now,
            )
        elif c.outcome == "close":
            for step in (
                consulting.engagement_accept,
                consulting.engagement_start_review,
                consulting.engagement_deliver,
                consulting.engagement_close,
            ):
                step(engagement, now=now)
        elif c.outcome == "cancel":
            consulting.engagement_cancel(engagement, now=now)
        self.outcomes[c.outcome] += 1
        if self.consultant_opens(p, c, day):
            self.fail(day, f"a consultant still sees a copy after {c.outcome}")

    def consultant_opens(self, p: Person, c: Consult, day) -> bool:
        """The consultant asks for the copy: True when shown (its view is in the access log)."""
        consultant = self.consultants[c.consultant]
        try:
            view = shared_view(
                viewer=consultant,
                member=self.member(p),
                request_or_actor=Actor(consultant.pk, "consultant", "10.0.0.9"),
                purpose=SharingPurpose.CONSULTANT,
            )
        except SharingRefused:
            return False
        if view.grant_id != c.grant:
            self.fail(day, "a consultant was shown another share than the one asked for")
        seq, when = AccessLogEntry.objects.values_list("seq", "at").get(pk=view.access_log_entry)
        self.access_log[seq] = when
        return True

    def leave(self, p: Person, day: datetime.date) -> None:
        member = self.member(p)
        queued = list(
            Message.objects.filter(recipient=member, state=State.QUEUED).values_list(
                "pk", flat=True
            )
        )
        self.messages_cancelled += len(queued)
        if SharingGrant.objects.filter(member=member, revoked_at__isnull=True).exists():
            self.left_while_shared += 1
        kept = [
            ("recruiting.application", a) for a in member.applications.values_list("pk", flat=True)
        ]
        kept += [("recruiting.offer", o) for o in member.offers.values_list("pk", flat=True)]
        patch = (
            mock.patch.object(withdrawal, "destroy_accounts", side_effect=RuntimeError)
            if p.interrupted
            else mock.patch.object(withdrawal, "logger")  # a no-op stand-in
        )
        with patch:
            if p.by_deletion_request:
                request = self.handled_request(p, RightsKind.DELETION)
                p.requests.append(request.pk)
            else:
                withdrawal.member_withdraw(member=member)
        p.left_on = day
        p.retained = set(kept)
        if kept:
            p.store_until = day + datetime.timedelta(days=STORE_DAYS)
            records = RetainedRecord.objects.values_list("source", "source_id", "subject")
            p.store_subjects = {subject for *pair, subject in records if tuple(pair) in p.retained}

    def handled_request(self, p: Person, kind: str) -> RightsRequest:
        request = filing.rights_request_file(member=self.member(p), kind=kind, detail="요청")
        steps.rights_request_verify_identity(request=request, actor=self.staff)
        steps.rights_request_complete(request=request, actor=self.staff, result="처리했어요")
        request.refresh_from_db()
        p.closed_at[request.pk] = request.closed_at
        return request

    def member(self, p: Person):
        return User.objects.get(pk=p.pk)

    # --- One day ------------------------------------------------------------------------

    def live_day(self, n: int, rng: random.Random) -> None:
        day = START + datetime.timedelta(days=n)
        with time_machine.travel(at(day, 9), tick=False):
            run_due_jobs()
        with time_machine.travel(at(day, 9, 5), tick=False):
            kakao_unlink_sweep()  # what beat does every minute
        with time_machine.travel(at(day, 10), tick=False):
            for action, p in sorted(self.by_day.get(n, ()), key=self._order):
                if action == "join":
                    self.join(p, day)
                elif action == "write":
                    self.write(p, rng)
                elif action == "leave":
                    self.leave(p, day)
                else:
                    getattr(self, action)(p, day)
            staying = [p for p in self.people if p.pk is not None and p.left_on is None]
            if staying and rng.random() < 0.3:
                self.staff_reads(rng.choice(staying))
        self.check(day)

    def staff_reads(self, p: Person) -> None:
        """Staff open a member's profile in the admin: an access-log entry (제8조)."""
        entry = access_log_append(
            actor=Actor(self.staff.pk, "staff", "10.0.0.7"),
            action=AccessLogAction.VIEW,
            subjects=[p.pk],
            target_type="profiles.profile",
            target_id=str(p.pk),
        )
        self.access_log[entry.seq] = entry.at

    @staticmethod
    def _order(item):
        # Within a day: joining first, leaving last.
        return {"join": 0, "leave": 9}.get(item[0], 5), item[1].index

    # --- The daily audit ----------------------------------------------------------------

    def fail(self, day, text) -> None:
        self.violations.append(f"{day}: {text}")

    def check(self, day: datetime.date) -> None:
        present = [p for p in self.people if p.pk is not None]
        self.member_days += len(present)
        staying = {p.pk: p for p in present if p.left_on is None}
        # 즉시 파기: gone the day of withdrawal, or by the next run when it was cut short.
        overdue = {
            p.pk: p
            for p in present
            if p.left_on is not None and (p.left_on < day or not p.interrupted)
        }
        for entry in registry.entries.values():
            if not entry.destroyed_with_account:
                continue
            path = entry.account_path or "pk"
            counts = dict(
                entry.model._default_manager.values_list(path).annotate(n=Count("pk")).order_by()
            )
            name = entry.model.__name__
            for pk, n in counts.items():
                if pk in overdue and n:
                    self.fail(
                        day, f"{name}: {n} rows of a member who left on {overdue[pk].left_on}"
                    )
            if name in TRACKED:
                for pk, p in staying.items():
                    if counts.get(pk, 0) != p.expected[name]:
                        self.fail(day, f"{name}: {counts.get(pk, 0)} of {p.expected[name]} left")

        usage = dict(UsageEvent.objects.values_list("member_id").annotate(n=Count("pk")).order_by())
        for p in present:
            n = usage.get(p.pk, 0)
            if p.left_on is None and n != p.usage:
                self.fail(day, f"usage records destroyed early ({n} of {p.usage})")
            if p.left_on is not None and n and (day - p.left_on).days >= USAGE_DEADLINE_DAYS:
                self.fail(day, f"usage records kept past 3 months ({p.left_on})")

        requests = set(RightsRequest.objects.values_list("pk", flat=True))
        for p in present:
            for pk in p.requests:
                if p.left_on is None and pk not in requests:
                    self.fail(day, "a rights request destroyed while its member stays")
                if p.left_on is not None and pk in requests:
                    start = max(p.left_on, self.closed_day(p, pk))
                    if (day - start).days > REQUEST_DEADLINE_DAYS + 1:
                        self.fail(day, f"a rights request kept past 3 months ({start})")

        retained = set(RetainedRecord.objects.values_list("source", "source_id"))
        keys = set(DataKey.objects.values_list("subject", flat=True))
        for p in present:
            if not p.retained:
                continue
            if day < p.store_until:
                if not p.retained <= retained or not p.store_subjects <= keys:
                    self.fail(day, f"retention store destroyed early (left {p.left_on})")
            elif (day - p.store_until).days >= GRACE_DAYS and (p.retained & retained):
                self.fail(day, f"retention store kept past 5 years + 5 days (left {p.left_on})")

        checked_at = at(day, 23, 59)
        kept = datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
        grace = datetime.timedelta(days=GRACE_DAYS)
        in_log = set(
            AccessLogEntry.objects.filter(chain=AccessLogChain.ACCESS).values_list("seq", flat=True)
        )
        for seq, read_at in self.access_log.items():
            if seq not in in_log and read_at >= checked_at - kept:
                self.fail(day, f"access-log entry of {read_at:%Y-%m-%d} pruned early")
            if seq in in_log and read_at < checked_at - kept - grace:
                self.fail(day, f"access-log entry of {read_at:%Y-%m-%d} kept past retention")

        self.check_consulting(day, staying, overdue)
        self.check_messaging(day, present, overdue)

        cutoff = at(day, 9)  # the day's run destroyed what had expired by then
        expired = MemberSession.objects.filter(expire_date__lt=cutoff).count()
        if expired:
            self.fail(day, f"{expired} expired sessions kept")
        if MemberSession.objects.filter(user_id__in=list(overdue)).exists():
            self.fail(day, "a session of a member who left")

    def check_consulting(self, day, staying: dict, overdue: dict) -> None:
        """Copies: destroyed by the day's run once their grant ended 7 days before it, kept
        until then while the member stays, gone with a member who left. Grants: none open for
        a member who left. (Requests and comments are checked with every model that goes with
        the account, above.)"""
        cutoff = at(day, 9) - datetime.timedelta(days=CONSULTANT_COPY_KEPT_DAYS)
        copies = list(Snapshot.objects.values_list("pk", "engagement__member_id"))
        ends = {
            pk: min(t for t in (revoked_at, expires_at) if t is not None)
            for pk, revoked_at, expires_at in SharingGrant.objects.filter(
                purpose=SharingPurpose.CONSULTANT
            ).values_list("pk", "revoked_at", "expires_at")
        }
        alive = {pk for pk, _ in copies}
        for _pk, member_id in copies:
            if member_id in overdue:
                self.fail(
                    day, f"a consulting copy of a member who left on {overdue[member_id].left_on}"
                )
        for p in staying.values():
            for pk, grant in list(p.snapshots.items()):
                end = ends.get(grant)
                if pk in alive and (end is None or end < cutoff):
                    self.fail(day, f"a consulting copy kept past 7 days after access ended ({end})")
                elif pk not in alive:
                    if end is not None and end >= cutoff:
                        self.fail(day, f"a consulting copy destroyed early (access ended {end})")
                    self.copies_destroyed += 1
                    del p.snapshots[pk]
        if SharingGrant.objects.filter(
            revoked_at__isnull=True, member__withdrawn_at__isnull=False
        ).exists():
            self.fail(day, "a grant open for a member who left")

    def check_messaging(self, day, present: list[Person], overdue: dict) -> None:
        """The message log: nothing queued before the day's run minus six months, nothing of a
        member who left, every younger message of a member who stays still there. Unlink: one
        confirmed call per member who left, by the sweep after their withdrawal; no Kakao id
        kept once confirmed; a confirmed row gone 7 days later."""
        cutoff = at(day, 9) - MESSAGE_KEPT
        alive = dict(Message.objects.values_list("pk", "recipient_id"))
        if Message.objects.filter(created_at__lt=cutoff).exists():
            self.fail(day, "a message kept past six months")
        for member_id in set(alive.values()):
            if member_id in overdue:
                self.fail(day, f"a message of a member who left on {overdue[member_id].left_on}")
        for p in present:
            if p.left_on is not None:
                continue
            for pk, queued_at in list(p.messages.items()):
                if pk not in alive:
                    if queued_at >= cutoff:
                        self.fail(day, f"a message of {queued_at:%Y-%m-%d} destroyed early")
                    self.messages_destroyed += 1
                    del p.messages[pk]

        rows = list(KakaoUnlink.objects.values_list("kakao_id", "state", "done_at"))
        for kakao_id, state, done_at in rows:
            if state == UnlinkState.DONE and kakao_id:
                self.fail(day, "a Kakao id kept after Kakao confirmed the unlink")
            if state != UnlinkState.DONE and day > self.left_day_of(kakao_id):
                self.fail(day, "an unlink still not confirmed the day after a withdrawal")
            if done_at is not None and done_at < at(day, 9) - UNLINK_DONE_KEPT:
                self.fail(day, f"an unlink row kept past 7 days ({done_at:%Y-%m-%d})")
        for p in present:
            # The day after leaving (the sweep ran at 09:05), and at the end (no second call).
            if p.left_on is not None and (
                p.left_on == day - datetime.timedelta(days=1) or n_last(day)
            ):
                calls = fake_kakao.unlink_calls(p.kakao_id)
                if calls != 1:
                    self.fail(day, f"{calls} unlink calls for a member who left on {p.left_on}")
                self.unlinked[p.kakao_id] = calls

    def left_day_of(self, kakao_id: str) -> datetime.date:
        p = next((p for p in self.people if p.kakao_id == kakao_id), None)
        return p.left_on if p is not None and p.left_on is not None else datetime.date.max

    @staticmethod
    def closed_day(p: Person, pk: int) -> datetime.date:
        return p.closed_at[pk].astimezone(KST).date()


@pytest.mark.long
def test_seven_years_of_members_nothing_kept_past_its_deadline_nothing_destroyed_early(
    db, staff, capsys, monkeypatch, settings, kakao_server
):
    # Kakao unlink calls go to the fake Kakao over HTTP; its memory of them starts empty.
    settings.KAKAO_API_BASE_URL = f"{kakao_server}/kapi"
    for i in range(MEMBERS):
        for key in (fake_kakao.UNLINKED_KEY, fake_kakao.CALLS_KEY):
            cache.delete(key.format(f"42{i:08d}"))
    rng = random.Random(SEED)  # noqa: S311 - a reproducible population, not a secret
    world = World(plan(rng), staff)

    # The ledger page's summary (a count of every registered table) is what the daily job does
    # last; counted 2,557 times it more than doubled this test's time on PostgreSQL. It is
    # counted once, after the last day, below; tests/privacy/retention/test_pending_summary.py
    # covers it.
    refresh = engine.pending_summary_refresh
    monkeypatch.setattr(engine, "pending_summary_refresh", lambda **kwargs: None)
    for n in range(DAYS):
        world.live_day(n, rng)
    monkeypatch.setattr(engine, "pending_summary_refresh", refresh)

    left = [p for p in world.people if p.left_on is not None]
    stored_then_destroyed = [
        p for p in left if p.retained and p.store_until <= START + datetime.timedelta(days=DAYS)
    ]
    with capsys.disabled():
        print(
            f"\n7-year simulation: {DAYS} days, {len(world.people)} members "
            f"({len(left)} left, {sum(p.interrupted for p in left)} withdrawals cut short, "
            f"{sum(p.by_deletion_request for p in left)} by deletion request, "
            f"{len(stored_then_destroyed)} retention-store sets kept 5 years and destroyed, "
            f"{sum(world.outcomes.values())} consulting shares ended, "
            f"{world.copies_destroyed} copies destroyed on their rule, "
            f"{world.messages_destroyed} messages destroyed after six months, "
            f"{world.messages_cancelled} cancelled at withdrawal, "
            f"{len(world.unlinked)} Kakao unlinks); "
            f"{world.member_days} member-days checked, {len(world.violations)} violations"
        )
    assert world.violations == []
    # After the last daily run the 파기 대장 shows nothing overdue in any category.
    last_run = at(START + datetime.timedelta(days=DAYS - 1), 9)
    summary = engine.pending_summary_refresh(now=last_run)
    assert summary.rows and all(row["due_now"] == 0 for row in summary.rows), summary.rows
    # The population exercised every rule, not just some.
    assert stored_then_destroyed and any(p.interrupted for p in left)
    assert any(p.by_deletion_request for p in left) and any(p.requests for p in left)
    assert min(world.access_log.values()) < at(START, 0) + datetime.timedelta(days=DAYS - 800)
    # Consulting: every way a share ends happened, copies were destroyed on their rule, and
    # members left while a consultant could still see their copy.
    assert set(world.outcomes) == set(OUTCOMES), world.outcomes
    assert world.copies_destroyed and world.left_while_shared
    assert not Comment.objects.filter(engagement__member__withdrawn_at__isnull=False).exists()
    # Messaging: messages reached their six months, queued ones were cancelled at withdrawal,
    # and every member who left was unlinked at Kakao exactly once.
    assert world.messages_destroyed and world.messages_cancelled
    assert world.unlinked and set(world.unlinked.values()) == {1}
