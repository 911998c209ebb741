"""What a member is told about their advertising consent (정보통신망법 제50조⑦⑧).

- The result of each consent, refusal or withdrawal (제50조⑦, 시행령 제62조의2: within 14
  days, with the sender's name, what was done and when, and the result). Sent the moment the
  ledger row is written, in its transaction: privacy sends `consent_changed`, this listens.
- The re-confirmation every 2 years from the day consent was given (제50조⑧, 시행령
  제62조의3: the sender's name, the fact and date of consent, how to keep or withdraw it). The
  decree makes telling the member the duty; it does not end a consent the member leaves alone,
  so doing nothing keeps it (the notice says so).

Both are informational 알림톡 (a notice about the member's own consent, no offer in it) and an
in-app notification, which exists even when the member refused KakaoTalk messages: the law asks
for the notice, not for a channel, and the in-app one is always there.

Here rather than in messaging: these are notifications (in-app and KakaoTalk at once), and
notifications may import messaging and privacy.api, not the reverse."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from core.jobs import JobContext, daily_job
from messaging.advertising.sender import sender_name
from notifications.models import Notification
from notifications.services import notify
from privacy.api import Purpose, consents_in_force

KST = ZoneInfo("Asia/Seoul")
RESULT_KIND = "privacy.marketing_result"
RECONFIRM_KIND = "privacy.marketing_reconfirm"
CENTRE_URL = "/privacy/"
JOB_RECONFIRM = "marketing-reconfirm"
BATCH = 500

RESULTS = {
    # Only a promise we keep: the messages also need the KakaoTalk consent, which may be off.
    "동의": "앞으로 이벤트·혜택·추천 공고 소식을 보내 드릴 수 있어요.",
    "거부": "광고성 정보를 보내지 않아요.",
    "철회": "이제부터 광고성 정보를 보내지 않아요.",
}


def _when(moment: datetime.datetime) -> str:
    local = moment.astimezone(KST)
    return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"


def _day(day: datetime.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def consent_result_notice(sender, *, record, previously_granted, **kwargs) -> None:
    """The 제50조⑦ notice for one marketing decision. Not for an optional box left unticked at
    sign-up: the member declared nothing and nothing changed (no consent before, none after)."""
    if record.purpose != Purpose.MARKETING:
        return
    member = record.member
    if not getattr(member, "is_member", False):
        return
    if record.granted:
        action = "동의"
    elif previously_granted:
        action = "철회"
    elif record.channel == "signup":  # privacy's ConsentChannel.SIGNUP
        return
    else:
        action = "거부"
    notify(
        member,
        RESULT_KIND,
        text=f"광고성 정보 수신 {action}를 {_when(record.recorded_at)}에 처리했어요.",
        key=f"{RESULT_KIND}:{record.pk}",
        url=CENTRE_URL,
        params={
            "처리내용": action,
            "발신자": sender_name(),
            "처리일시": _when(record.recorded_at),
            "처리결과": RESULTS[action],
            "링크": CENTRE_URL,
        },
    )


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` later; Feb 29 in a year without one is Feb 28 (민법 제160조③: a
    period in years whose last month lacks the day ends on that month's last day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def reconfirm_due(given: datetime.date, cycle: int) -> datetime.date:
    """The day of the `cycle`th re-confirmation: the day before the same date 2×cycle years on
    (시행령 제62조의3①: "매 2년이 되는 해의 수신동의를 받은 날과 같은 날 전까지"). Counted from
    the day consent was given, not from the last notice, so the cycle never drifts."""
    return anniversary(given, 2 * cycle) - datetime.timedelta(days=1)


def reconfirm_cycle(given: datetime.date, today: datetime.date) -> int:
    """The latest cycle due by `today` (0: none yet). A day the job did not run is caught up
    the next day: the latest cycle is sent, never an older one after it."""
    cycle = 0
    while reconfirm_due(given, cycle + 1) <= today:
        cycle += 1
    return cycle


def marketing_reconfirm(*, today: datetime.date, after_id: int = 0, limit: int = BATCH):
    """Send the due re-confirmation notices among the consent rows after `after_id` (at most
    `limit` rows). Once per consent row and cycle: the notification's key says which. Returns
    (rows looked at, notices sent, last row id)."""
    # Only a consent given before this can have a cycle due (generous by a few days; the exact
    # day is reconfirm_cycle's).
    cutoff = anniversary(today, -2) + datetime.timedelta(days=3)
    rows = (
        consents_in_force(
            Purpose.MARKETING,
            given_before=datetime.datetime.combine(cutoff, datetime.time(), tzinfo=KST),
        )
        .filter(id__gt=after_id, member__withdrawn_at__isnull=True, member__is_active=True)
        .select_related("member")
        .order_by("id")[:limit]
    )
    rows = list(rows)
    due = {}
    for record in rows:
        given = record.recorded_at.astimezone(KST).date()
        cycle = reconfirm_cycle(given, today)
        if cycle:
            due[f"{RECONFIRM_KIND}:{record.pk}:{cycle}"] = (record, given)
    done = set(Notification.objects.filter(key__in=list(due)).values_list("key", flat=True))
    sent = 0
    for key, (record, given) in due.items():
        if key in done:
            continue
        notify(
            record.member,
            RECONFIRM_KIND,
            text=(
                f"{_day(given)}에 광고성 정보 수신에 동의하셨어요. 계속 받으시려면 그대로 두시고, "
                "그만 받으시려면 개인정보 센터에서 꺼 주세요."
            ),
            key=key,
            url=CENTRE_URL,
            params={"발신자": sender_name(), "동의일": _day(given), "링크": CENTRE_URL},
        )
        sent += 1
    return len(rows), sent, rows[-1].pk if rows else after_id


@daily_job(JOB_RECONFIRM, at=datetime.time(9, 0))
def marketing_reconfirm_job(ctx: JobContext) -> None:
    """In the morning, so the KakaoTalk half goes in the day (it is informational, but a
    notice at 09:00 disturbs nobody)."""
    today = ctx.now.astimezone(KST).date()
    while True:
        with ctx.batch() as progress:
            looked, sent, last = marketing_reconfirm(
                today=today, after_id=progress.get("after_id", 0)
            )
            progress["after_id"] = last
            progress["sent"] = progress.get("sent", 0) + sent
        if looked < BATCH:
            return
