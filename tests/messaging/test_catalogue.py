"""The approved templates are data, and nothing is queued that does not fit one: a message
that could never be sent fails the change's own transaction, not a worker at night."""

import pytest

from messaging.catalogue import VARIABLE, TemplateError, template, template_for_kind, templates
from messaging.models import Channel, Message, State
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def sample(t):
    return {name: f"{name} 예시" if name != "링크" else "/notifications/" for name in t.variables}


def test_every_template_renders_with_its_own_variables_and_fits_the_provider():
    assert templates(), "no approved templates"
    for t in templates().values():
        content = t.render(sample(t))
        assert VARIABLE.search(content) is None, t.code
        assert content.startswith("(광고)") == t.advertising, t.code
        assert t.channel in Channel.values, t.code
        # 정보통신망법 제50조: advertising never as 알림톡.
        assert not (t.advertising and t.channel == Channel.ALIMTALK), t.code


def test_a_missing_or_unexpected_variable_is_refused_before_anything_is_sent():
    offer = template("LMOFFER01")
    with pytest.raises(TemplateError):
        offer.render({"링크": "/recruiting/offers/1/"})
    with pytest.raises(TemplateError):
        offer.render({"회사": "라이프", "링크": "/", "이름": "김지원"})
    with pytest.raises(TemplateError):
        offer.render({"회사": "  ", "링크": "/"})


def test_kinds_find_their_template_and_consulting_events_share_one():
    assert template_for_kind("recruiting.offer").code == "LMOFFER01"
    assert template_for_kind("consulting.accepted").code == "LMCONSULT01"
    assert template_for_kind("consulting.delivered").code == "LMCONSULT01"
    assert template_for_kind("nothing.known") is None


def test_a_members_notification_queues_its_message_in_the_same_transaction(member):
    notify(
        member,
        "recruiting.offer",
        text="라이프컴퍼니에서 입사 제안을 보냈어요.",
        key="recruiting.offer:1",
        url="/recruiting/offers/1/",
        params={"회사": "라이프컴퍼니"},
    )

    message = Message.objects.get()
    assert message.recipient == member
    assert message.template_code == "LMOFFER01"
    assert message.params == {"회사": "라이프컴퍼니", "링크": "/recruiting/offers/1/"}
    assert message.state == State.QUEUED
    assert message.grouping_key.startswith("lm-") and len(message.grouping_key) <= 100


def test_the_same_change_queues_one_message(member):
    for _ in range(2):
        notify(
            member,
            "consulting.accepted",
            text="컨설턴트가 요청을 수락했어요.",
            key="consulting.accepted:7",
            url="/consulting/my/7/",
        )
    assert Notification.objects.count() == 1
    message = Message.objects.get()
    assert message.params == {"소식": "컨설턴트가 요청을 수락했어요.", "링크": "/consulting/my/7/"}


def test_consultants_are_told_in_app_only(consultant):
    notify(consultant, "consulting.requested", text="새 요청이 왔어요.", key="c:1", url="/")
    assert Notification.objects.filter(recipient=consultant).exists()
    assert not Message.objects.exists()


def test_a_notification_whose_message_cannot_render_is_not_written_either(member):
    with pytest.raises(TemplateError):
        notify(member, "recruiting.offer", text="제안", key="recruiting.offer:2", params={})
    assert not Notification.objects.exists()
    assert not Message.objects.exists()


def test_a_transaction_that_queues_many_messages_nudges_the_relay_once(
    member, other_member, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from messaging import tasks

    settings.MESSAGING_RELAY_ON_COMMIT = True
    nudges = []
    monkeypatch.setattr(tasks.relay, "delay", lambda: nudges.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        for n, person in enumerate((member, other_member, member)):
            notify(person, "consulting.accepted", text="수락했어요.", key=f"k:{n}", url="/")

    assert Message.objects.count() == 3
    assert nudges == [1]


def test_a_brand_message_not_marked_advertising_is_refused(tmp_path, monkeypatch):
    from messaging import catalogue

    (tmp_path / "ADBAD01.toml").write_text(
        'code = "ADBAD01"\ntitle = "t"\nchannel = "brand"\nadvertising = false\n'
        "text = '''(광고) 혜택 안내'''\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="brand message is advertising"):
        catalogue._load(tmp_path / "ADBAD01.toml")
