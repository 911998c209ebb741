"""The live policy page keeps each version's rendered body (privacy.notices.bodies): it still
changes at midnight KST on a version's effective date, still names the officer settings give,
and its per-request parts stay per request."""

import datetime

from privacy.notices.models import PolicyVersion
from privacy.notices.selectors import policy_timeline_forget
from tests.privacy.notices.conftest import BASE_TEXT, publish


def test_the_kept_page_changes_on_the_effective_date(client, base_version, clock):
    publish("2025-03-08", datetime.date(2025, 3, 8), text=BASE_TEXT + "\n새 보유기간: 1년")

    clock.set(2025, 3, 7, 23, 59)
    before = [client.get("/privacy/policy/").content.decode() for _ in range(2)]
    clock.set(2025, 3, 8, 0, 0)
    after = client.get("/privacy/policy/").content.decode()

    assert all("새 보유기간" not in page and "버전 2024-06-20" in page for page in before)
    assert "새 보유기간: 1년" in after and "버전 2025-03-08" in after


def test_the_kept_page_names_the_officer_settings_give(client, base_version, settings):
    base_version.text = BASE_TEXT + "\n[[보호책임자]]"
    PolicyVersion.objects.filter(pk=base_version.pk).update(text=base_version.text)
    policy_timeline_forget()  # a published row rewritten, as only a test does
    settings.PRIVACY_OFFICER_NAME = "김하늘"
    first = client.get("/privacy/policy/").content.decode()
    settings.PRIVACY_OFFICER_NAME = "이바다"
    second = client.get("/privacy/policy/").content.decode()

    assert "김하늘 대표" in first and "이바다 대표" in second


def test_the_cookie_banner_and_csrf_token_stay_per_request(client, base_version):
    first = client.get("/privacy/policy/").content.decode()
    client.post("/notices/cookies/choice/", {"choice": "essential"})
    second = client.get("/privacy/policy/").content.decode()

    assert "data-cookie-banner" in first and "data-cookie-banner" not in second
