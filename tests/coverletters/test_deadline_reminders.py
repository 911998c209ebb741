"""Cover-letter deadlines: the member is told 3 days before, the day before and on the morning
of the day, each once, with the hour when they gave one; a moved deadline is told again."""

import datetime

import pytest
from django.utils import timezone

from core.jobs import KST, run_due_jobs
from coverletters.deadlines import deadline_remind
from coverletters.forms import CoverLetterForm
from coverletters.models import CoverLetter
from messaging.models import Message
from notifications.models import Notification
from tests.coverletters.conftest import make_letter
from tests.notifications.support import the_message, with_kakaotalk

pytestmark = pytest.mark.django_db

# A Wednesday morning in Seoul, after the job's 08:00.
MORNING = datetime.datetime(2026, 12, 2, 8, 5, tzinfo=KST)
TODAY = MORNING.date()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_three_days_before_the_member_is_told_once_with_the_hour(member):
    with_kakaotalk(member)
    letter = make_letter(
        member, title="라이프전자 공채", deadline=days(3), deadline_time=datetime.time(18, 0)
    )

    run_due_jobs(now=MORNING)
    run_due_jobs(now=MORNING + datetime.timedelta(hours=2))  # a later run that day: done

    notification = Notification.objects.get(recipient=member, kind="coverletters.deadline")
    assert notification.text == "'라이프전자 공채' 마감이 3일 남았어요 (12월 5일(토) 18:00 마감)."
    assert notification.url == f"/coverletters/{letter.pk}/"
    message = the_message(member, "coverletters.deadline")
    assert message.template_code == "LMDEADLN01"
    assert message.params == {
        "남은기간": "D-3",
        "자기소개서": "라이프전자 공채",
        "마감일시": "12월 5일(토) 18:00",
        "링크": f"/coverletters/{letter.pk}/",
    }


def test_the_day_before_and_the_morning_of_the_day(member):
    make_letter(member, title="내일 마감", deadline=days(1))
    make_letter(member, title="오늘 마감", deadline=days(0), deadline_time=datetime.time(18, 0))
    make_letter(member, title="모레 마감", deadline=days(2))  # no stage on D-2
    make_letter(member, title="지난 마감", deadline=days(-1))

    run_due_jobs(now=MORNING)

    texts = sorted(
        n.text for n in Notification.objects.filter(recipient=member, kind="coverletters.deadline")
    )
    assert texts == [
        "'내일 마감' 마감이 내일이에요 (12월 3일(목) 마감).",
        "'오늘 마감' 오늘 18:00 마감이에요.",
    ]
    stages = sorted(
        m.params["남은기간"]
        for m in Message.objects.filter(recipient=member, kind="coverletters.deadline")
    )
    assert stages == ["D-1", "당일"]


def test_each_stage_is_told_once_and_a_moved_deadline_is_told_again(member):
    letter = make_letter(member, deadline=days(3))
    assert deadline_remind(letter, today=TODAY) is not None
    assert deadline_remind(letter, today=TODAY) is None  # a rerun notifies nobody twice

    CoverLetter.objects.filter(pk=letter.pk).update(deadline=days(4))
    letter.refresh_from_db()
    assert deadline_remind(letter, today=days(1)) is not None  # D-3 of the new date

    assert Notification.objects.filter(recipient=member).count() == 2
    assert Message.objects.filter(recipient=member).count() == 2


def test_a_withdrawn_member_is_not_reminded(member):
    make_letter(member, deadline=days(1))
    member.withdrawn_at = timezone.now()
    member.save(update_fields=["withdrawn_at"])

    run_due_jobs(now=MORNING)

    assert not Notification.objects.filter(kind="coverletters.deadline").exists()


def test_the_deadline_time_is_a_form_field_and_needs_a_date():
    base = {"title": "공채", "job_title": "마케팅"}

    alone = CoverLetterForm(data={**base, "deadline_time": "18:00"})
    assert not alone.is_valid()
    assert alone.errors["deadline_time"] == ["마감 시각을 적으려면 마감일도 함께 적어 주세요."]

    wrong = CoverLetterForm(data={**base, "deadline": "2026-12-05", "deadline_time": "저녁"})
    assert not wrong.is_valid()
    assert wrong.errors["deadline_time"] == ["마감 시각을 18:00처럼 적어 주세요."]

    good = CoverLetterForm(data={**base, "deadline": "2026-12-05", "deadline_time": "18:00"})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["deadline_time"] == datetime.time(18, 0)
    assert good.fields["deadline_time"].label == "마감 시각"


def test_the_editor_saves_and_shows_the_time(client, member):
    client.force_login(member)
    response = client.post(
        "/coverletters/new/",
        {
            "title": "라이프전자",
            "job_title": "마케팅",
            "deadline": "2026-12-05",
            "deadline_time": "18:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    letter = CoverLetter.objects.get(member=member)
    assert letter.deadline_time == datetime.time(18, 0)
    assert "2026.12.05 18:00" in client.get(f"/coverletters/{letter.pk}/").content.decode()
