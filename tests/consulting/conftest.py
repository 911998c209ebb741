import uuid

import pytest
from django.test import Client

from consulting.catalog import ServiceKind
from consulting.models import ConsultantProfile, Engagement


@pytest.fixture
def address() -> str:
    # The throttle's counters live in the shared cache: a fresh address per test.
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


@pytest.fixture
def client_at(address):
    return Client(REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def _throttle_settings(settings):
    settings.ADMIN_LOCKOUT_FAILURES = 5
    settings.ADMIN_LOCKOUT_IP_FAILURES = 20
    settings.ADMIN_LOCKOUT_MINUTES = 15
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def consultant_profile(consultant):
    return ConsultantProfile.objects.create(consultant=consultant, display_name="이서연")


def make_engagement(member, consultant, service=ServiceKind.COVER_LETTER_REVIEW, **fields):
    return Engagement.objects.create(
        member=member,
        consultant=consultant,
        service=service,
        request_note="첨삭 부탁해요",
        **fields,
    )
