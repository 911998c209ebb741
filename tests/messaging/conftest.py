"""The fake NHN Cloud provider served over real HTTP (pytest-django's live_server), with
its webhook pointed at our own receiver on the same server."""

from dataclasses import dataclass

import pytest

from messaging.fake import control
from messaging.gateways.nhn import NhnAlimtalkGateway


@dataclass
class FakeKakaoTalk:
    url: str  # the provider's base URL (…/fake-kakaotalk)
    site: str  # the live server

    control = control

    def gateway(self, **kwargs) -> NhnAlimtalkGateway:
        return NhnAlimtalkGateway(**kwargs)


@pytest.fixture
def fake_kakaotalk(live_server, settings) -> FakeKakaoTalk:
    settings.KAKAOTALK_BASE_URL = live_server.url + "/fake-kakaotalk"
    settings.KAKAOTALK_TIMEOUT = 5.0
    control.reset()
    # Webhooks wait for control.deliver(): tests decide when results arrive.
    control.set_plan(
        webhook_mode="manual", webhook_url=live_server.url + "/messaging/webhooks/nhn/"
    )
    return FakeKakaoTalk(url=settings.KAKAOTALK_BASE_URL, site=live_server.url)
