"""The officer's list pages of this part cost the same with 1 and with 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.staff.models import ManagementPlan, PrivacyEducation
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["staffdesignation", "privacyeducation", "managementplan"])
def test_list_pages_cost_the_same_for_1_and_50_rows(client, name):
    client.force_login(make_staff("root", superuser=True, designated=False))
    url = reverse(f"admin:privacy_{name}_changelist")
    make_staff("staff0")
    client.get(url)  # warm caches
    one = count(client, url)
    for i in range(1, 50):
        staff = make_staff(f"staff{i}")
        PrivacyEducation.objects.create(
            staff=staff, course="보수 교육", completed_on=timezone.localdate(), hours=1
        )
        ManagementPlan.objects.create(
            version=i + 1,
            text="본문",
            approved_on=timezone.localdate(),
            approved_by=staff,
            approved_at=timezone.now(),
        )

    assert count(client, url) == one
