"""Browser fixtures: one headless Chromium per module, a fresh phone-sized context per test."""

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.helpers import PHONE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser() -> Browser:
    """One headless Chromium for the module.

    Playwright's sync API keeps an asyncio loop marked as running in this thread (in a
    greenlet), so Django refuses ORM calls from the test, and pytest-django's flush at
    teardown, as async-unsafe. The loop is suspended whenever the test's own code runs, so no
    coroutine can interleave with those queries: allowing them is safe, and only for this
    module (the variable is restored when the module's tests are done).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def site(live_server, settings) -> str:
    """The live app, with Kakao pointed at the fake mounted in it."""
    settings.KAKAO_AUTH_BASE_URL = f"{live_server.url}/fake-kakao/kauth"
    settings.KAKAO_API_BASE_URL = f"{live_server.url}/fake-kakao/kapi"
    return live_server.url


@pytest.fixture
def page(browser) -> Page:
    """A fresh phone-sized browser (no cookies) per test."""
    context = browser.new_context(viewport=PHONE, locale="ko-KR", is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
