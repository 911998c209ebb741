"""Staff manage postings, move applications along and write offers; snapshots stay masked."""

import pytest

from recruiting.models import ApplicationStatus, Offer
from tests.conftest import make_staff


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    return client


def test_staff_change_the_status_and_see_the_snapshot_masked(admin_client, application):
    url = f"/admin/recruiting/application/{application.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "처음 쓴 답변" not in page and "한국대학교" not in page

    response = admin_client.post(url, {"status": ApplicationStatus.DOCUMENTS_PASSED})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DOCUMENTS_PASSED
    assert application.letter_snapshot["title"] == "라이프전자 자소서"


def test_application_list_filters_by_posting_and_status(admin_client, application):
    page = admin_client.get(
        "/admin/recruiting/application/", {"status__exact": "submitted"}
    ).content.decode()
    assert f"지원 #{application.pk}" in page and "처음 쓴 답변" not in page


def test_staff_write_an_offer_for_a_member(admin_client, member, posting):
    response = admin_client.post(
        "/admin/recruiting/offer/add/",
        {
            "member_phone": "010-2846-1357",
            "company": posting.company.pk,
            "posting": posting.pk,
            "message": "서류를 보고 연락드려요.",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get()
    assert offer.member == member and offer.message == "서류를 보고 연락드려요."
    change = admin_client.get(f"/admin/recruiting/offer/{offer.pk}/change/").content.decode()
    assert "서류를 보고 연락드려요." not in change


def test_staff_cannot_add_an_application(admin_client):
    assert admin_client.get("/admin/recruiting/application/add/").status_code == 403
