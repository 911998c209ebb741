"""정보통신망법 제50조 at send time, with the clock set: an advertising message goes only with
the marketing consent in force, only with "(광고)", the sender and the free refusal line in
its rendered text, and only between 08:00 and 20:50 KST (the provider's window inside the
law's 08:00–21:00); never after a withdrawal of consent or of membership, nor during a hold."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from messaging.advertising.campaigns import campaign_send
from messaging.advertising.rules import advertising_decision
from messaging.catalogue import Template, TemplateError, template, templates
from messaging.eligibility import decide
from messaging.models import Channel, Message, SkipReason
from privacy.api import MESSAGING
from privacy.consents.services import consent_change
from privacy.rights.models import RightsKind
from privacy.withdrawal.runner import member_withdraw
from tests.conftest import make_member
from tests.privacy.rights_support import in_progress

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

KST = ZoneInfo("Asia/Seoul")
CONTACT = "02-1234-5678"


def kst(*args):
    return datetime.datetime(*args, tzinfo=KST)


@pytest.fixture(autouse=True)
def _clock_before_the_tests_moments():
    """The moments these tests name (3 December 2026 and after) must lie after the consents
    the test gives "now": the clock starts on the morning of 1 December 2026, whatever the
    real date, and runs on from there."""
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("Asia/Seoul"))):
        yield


@pytest.fixture(autouse=True)
def _sender(settings):
    settings.ADVERTISING_SENDER_CONTACT = CONTACT
    settings.ADVERTISING_OPT_OUT_080 = "080-123-4567"


def consenting(name="김지원", phone="010-2846-1357", marketing=True):
    member = make_member(name=name, phone=phone)
    consent_change(member=member, purpose="kakaotalk_messages", granted=True)
    if marketing:
        consent_change(member=member, purpose="marketing", granted=True)
    return member


def event(member, campaign="winter"):
    campaign_send(
        campaign=campaign,
        template_code="ADEVENT01",
        params={"제목": "겨울 컨설팅 20% 할인", "내용": "12월 한 달 동안이에요.", "링크": "/"},
    )
    return Message.objects.get(recipient=member, key=f"ad:{campaign}:{member.pk}")


def test_advertising_templates_say_what_the_law_needs_and_go_as_brand_messages():
    ads = [t for t in templates().values() if t.advertising]
    assert {t.code for t in ads} >= {"ADEVENT01", "ADPOSTS01"}
    for t in ads:
        assert t.channel == Channel.BRAND
        assert t.text.startswith("(광고)")
        assert {"발신자", "연락처", "수신거부"} <= t.variables


def test_a_campaign_reaches_only_members_with_both_consents_and_says_who_sends_it():
    yes = consenting()
    no_marketing = consenting(name="박서준", phone="010-7712-4490", marketing=False)
    message = event(yes)
    assert not Message.objects.filter(recipient=no_marketing).exists()
    content = template(message.template_code).render(dict(message.params))
    assert content.startswith("(광고) 라이프멘토(크루베이션)")
    assert CONTACT in content
    assert "무료 수신거부" in content and "/privacy/" in content and "080-123-4567" in content
    # The same campaign again queues nothing new.
    again = {"제목": "a", "내용": "b", "링크": "/"}
    assert campaign_send(campaign="winter", template_code="ADEVENT01", params=again) == 0


def test_a_campaign_cannot_even_be_queued_without_the_senders_contact(settings):
    consenting()
    settings.ADVERTISING_SENDER_CONTACT = ""
    with pytest.raises(TemplateError):
        campaign_send(
            campaign="nocontact",
            template_code="ADEVENT01",
            params={"제목": "a", "내용": "b", "링크": "/"},
        )


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (kst(2026, 12, 2, 20, 55), kst(2026, 12, 3, 8, 0)),  # after the provider's cut-off
        (kst(2026, 12, 2, 20, 50), kst(2026, 12, 3, 8, 0)),  # the cut-off itself
        (kst(2026, 12, 2, 23, 59), kst(2026, 12, 3, 8, 0)),
        (kst(2026, 12, 3, 0, 0), kst(2026, 12, 3, 8, 0)),
        (kst(2026, 12, 3, 7, 59), kst(2026, 12, 3, 8, 0)),
        (kst(2026, 12, 31, 21, 30), kst(2027, 1, 1, 8, 0)),  # across the year
    ],
)
def test_at_night_an_advertising_message_waits_for_the_next_0800_kst(now, until):
    member = consenting()
    message = event(member)
    decision = decide(message, now)
    assert not decision.send and not decision.skip
    assert decision.defer_until == until


@pytest.mark.parametrize(
    "now", [kst(2026, 12, 3, 8, 0), kst(2026, 12, 3, 13, 0), kst(2026, 12, 3, 20, 49)]
)
def test_in_the_day_it_is_sent(now):
    message = event(consenting())
    assert decide(message, now).send


def test_a_night_consent_is_not_asked_for_because_the_provider_blocks_the_night_anyway():
    from privacy.consents.purposes import OPTIONAL_PURPOSES

    assert not any("night" in p for p in OPTIONAL_PURPOSES)
    # A UTC clock at 12:00 is 21:00 in Seoul: deferred, whatever the server's zone.
    message = event(consenting())
    utc = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)
    assert decide(message, utc).defer_until == kst(2026, 12, 3, 8, 0)


def test_without_the_marketing_consent_nothing_is_sent_even_if_a_row_exists():
    member = consenting()
    message = event(member)
    with time_machine.travel(kst(2026, 12, 3, 9, 0), tick=False):
        consent_change(member=member, purpose="marketing", granted=False)
    assert decide(message, kst(2026, 12, 3, 10, 0)).skip == SkipReason.NO_MARKETING_CONSENT
    # Nor does a later campaign queue anything for them.
    assert not campaign_send(
        campaign="spring", template_code="ADEVENT01", params={"제목": "a", "내용": "b", "링크": "/"}
    )


def test_during_a_messaging_hold_nothing_is_sent():
    member = consenting()
    message = event(member)
    in_progress(member, RightsKind.SUSPENSION, suspend_purposes=[MESSAGING])
    assert decide(message, kst(2026, 12, 3, 10, 0)).skip == SkipReason.HELD


def test_after_the_member_withdraws_nothing_is_sent():
    member = consenting()
    message = event(member)
    member_withdraw(member=member)
    queued = Message.objects.filter(pk=message.pk).first()
    if queued is not None:  # kept as a log: refused when its turn comes
        assert not decide(queued, kst(2026, 12, 3, 10, 0)).send
    # A later campaign does not reach a withdrawn member at all.
    sent = campaign_send(
        campaign="spring", template_code="ADEVENT01", params={"제목": "a", "내용": "b", "링크": "/"}
    )
    assert sent == 0


class _Broken:
    """A template that passed approval but lost what 별표 6 needs (a double of the catalogue)."""

    def __init__(self, text):
        self.text = text


@pytest.mark.parametrize(
    "text",
    [
        "#{발신자} 겨울 할인 (광고)\n#{연락처}\n무료 수신거부: #{수신거부}",  # not at the start
        "(광고) 겨울 할인\n#{연락처}\n무료 수신거부: #{수신거부}",  # no sender's name
        "(광고) #{발신자} 겨울 할인\n무료 수신거부: #{수신거부}",  # no contact
        "(광고) #{발신자} 겨울 할인\n#{연락처}",  # no refusal line
    ],
)
def test_content_missing_what_the_law_needs_is_refused_before_any_http_call(monkeypatch, text):
    member = consenting()
    message = event(member)
    broken = Template(
        code="ADEVENT01",
        title="broken",
        kinds=("advertising.event",),
        channel="brand",
        advertising=True,
        text=text,
    )
    params = {k: v for k, v in dict(message.params).items() if k in broken.variables}
    message.params = params
    monkeypatch.setattr("messaging.advertising.rules.template", lambda code: broken)
    calls = []
    monkeypatch.setattr("socket.create_connection", lambda *a, **k: calls.append(a))
    decision = advertising_decision(message, kst(2026, 12, 3, 10, 0))
    assert decision.skip == SkipReason.NOT_ADVERTISING_READY
    assert decide(message, kst(2026, 12, 3, 10, 0)).skip == SkipReason.NOT_ADVERTISING_READY
    assert calls == []


def test_an_advertising_row_on_the_alimtalk_channel_is_refused():
    message = event(consenting())
    message.channel = Channel.ALIMTALK
    assert decide(message, kst(2026, 12, 3, 10, 0)).skip == SkipReason.NOT_ADVERTISING_READY


def _reads(members: range, campaign: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in members:
        consenting(name=f"회원{i}", phone=f"010-{4000 + i}-0000")
    with CaptureQueriesContext(connection) as captured:
        queued = campaign_send(
            campaign=campaign,
            template_code="ADPOSTS01",
            params={"공고목록": "· 라이프컴퍼니 백엔드 개발자", "링크": "/recruiting/"},
        )
    sql = [q["sql"].lstrip().upper() for q in captured.captured_queries]
    return queued, sum(1 for q in sql if q.startswith("SELECT"))


def test_choosing_a_campaigns_recipients_reads_the_same_for_1_member_as_for_50():
    one, reads_one = _reads(range(1), "first")
    fifty, reads_fifty = _reads(range(1, 50), "second")  # 49 more: 50 in all
    assert (one, fifty) == (1, 50)
    assert reads_fifty == reads_one
    # Each personalised with the member's own name.
    message = Message.objects.filter(key__startswith="ad:second:").first()
    assert dict(message.params)["이름"] == message.recipient.name
