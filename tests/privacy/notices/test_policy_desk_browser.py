"""The officer drafts, previews and publishes a policy version in a real browser; the live
policy page changes on its effective date (KST), not before (clock under time_machine)."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from privacy.notices.document import with_effective_date
from privacy.notices.models import Notice, PolicyVersion
from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import policy_timeline_forget
from privacy.notices.services import policy_version_publish
from tests.conftest import make_staff
from tests.e2e.conftest import browser, page, site  # noqa: F401 - fixtures
from tests.privacy.notices.browser_steps import (
    officer_drafts_previews_publishes_policy,
    officer_signs_in_to_admin,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KST = datetime.timezone(datetime.timedelta(hours=9))
TODAY = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=KST)
EFFECTIVE = datetime.date(2026, 12, 31)
OLD = "- 사용자 문의 대응"
NEW = "- 사용자 문의 대응 (카카오톡 채널 상담을 포함합니다)"


def first_version() -> PolicyVersion:
    """The seeded first version; a transactional test before this one may have flushed it."""
    existing = PolicyVersion.objects.filter(version="2024-06-20").first()
    if existing is not None:
        return existing
    return policy_version_publish(
        version="2024-06-20",
        effective_date=datetime.date(2024, 6, 20),
        summary="최초 개인정보처리방침이에요.",
        text=policy_text("2024-06-20"),
        reconsent_required=False,
        now=datetime.datetime(2024, 6, 13, tzinfo=KST),
    )


def test_officer_publishes_a_version_that_takes_effect_on_its_date(site, page):  # noqa: F811
    make_staff("officer", "officer-password-123", superuser=True)
    first_version()
    with time_machine.travel(TODAY, tick=True) as clock:
        policy_timeline_forget()
        officer_signs_in_to_admin(page, site, username="officer", password="officer-password-123")

        latest = PolicyVersion.objects.filter(published_at__isnull=False).first()
        officer_drafts_previews_publishes_policy(
            page, site, version="2026-12-31", effective_date=EFFECTIVE, paragraph=(OLD, NEW)
        )

        published = PolicyVersion.objects.get(version="2026-12-31")
        assert published.published_at is not None
        # Drafted from the text in force: the edited line and the 시행일 are all that changed.
        expected = with_effective_date(latest.text, EFFECTIVE).replace(OLD, NEW)
        assert published.text == expected.strip()  # the form strips the ends, as for any field
        assert Notice.objects.filter(policy_version=published).exists()
        clock.move_to(datetime.datetime(2026, 12, 30, 23, 59, tzinfo=KST))
        page.goto(site + "/privacy/policy/")
        expect(page.get_by_text("(버전 2026-12-31)")).to_have_count(0)
        expect(page.get_by_text(NEW.removeprefix("- "))).to_have_count(0)

        clock.move_to(datetime.datetime(2026, 12, 31, 0, 0, 1, tzinfo=KST))
        page.goto(site + "/privacy/policy/")
        expect(page.get_by_text("시행일: 2026년 12월 31일 (버전 2026-12-31)")).to_be_visible()
        expect(page.get_by_text(NEW.removeprefix("- "), exact=True)).to_be_visible()
    policy_timeline_forget()
