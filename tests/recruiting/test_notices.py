"""What the member is told of recruiting: an offer staff sent, and staff moving an application
along, each once, in the transaction of the change, in-app and queued for KakaoTalk; the
member's own withdrawal tells nobody."""

import pytest

from messaging.models import Message
from notifications.models import Notification
from recruiting.models import ApplicationStatus, Company, Offer
from recruiting.services import application_status_set, application_withdraw, offer_send
from tests.conftest import make_staff
from tests.notifications.support import the_message, with_kakaotalk

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    return client


def test_an_offer_written_in_the_admin_tells_the_member_once(admin_client, member, posting):
    with_kakaotalk(member)

    response = admin_client.post(
        "/admin/recruiting/offer/add/",
        {"member_phone": "010-2846-1357", "company": posting.company.pk, "message": "함께 일해요."},
    )

    assert response.status_code == 302
    offer = Offer.objects.get()
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "recruiting.offer"
    assert (
        notification.text
        == "라이프전자에서 입사 제안을 보냈어요. 확인하고 수락하거나 거절할 수 있어요."
    )
    assert notification.key == f"recruiting.offer:{offer.pk}"
    message = the_message(member, "recruiting.offer")
    assert message.template_code == "LMOFFER01"
    assert message.params == {"회사": "라이프전자", "링크": "/recruiting/offers/"}

    # Editing the offer later tells nobody again.
    admin_client.post(f"/admin/recruiting/offer/{offer.pk}/change/", {})
    assert Notification.objects.filter(recipient=member).count() == 1


def test_an_offer_and_its_notification_commit_together(member):
    company = Company.objects.create(name="미래상사")
    offer = offer_send(offer=Offer(member=member, company=company, message="제안해요."))
    assert Notification.objects.filter(key=f"recruiting.offer:{offer.pk}").exists()
    assert Message.objects.filter(key=f"recruiting.offer:{offer.pk}").exists()


def test_staff_moving_an_application_tells_the_member(admin_client, member, application):
    with_kakaotalk(member)

    admin_client.post(
        f"/admin/recruiting/application/{application.pk}/change/",
        {"status": ApplicationStatus.DOCUMENTS_PASSED},
    )

    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "recruiting.status"
    assert (
        notification.text
        == "라이프전자 '2026 하반기 마케팅 신입' 지원이 [서류 합격] 단계가 되었어요."
    )
    assert notification.url == f"/recruiting/applications/{application.pk}/"
    message = the_message(member, "recruiting.status")
    assert message.template_code == "LMAPPLY01"
    assert message.params == {
        "회사": "라이프전자",
        "공고": "2026 하반기 마케팅 신입",
        "상태": "서류 합격",
        "링크": f"/recruiting/applications/{application.pk}/",
    }


def test_the_service_tells_each_change_once_and_nothing_when_nothing_changed(member, application):
    assert application_status_set(application=application, status=ApplicationStatus.REVIEWING)
    assert not application_status_set(application=application, status=ApplicationStatus.REVIEWING)
    assert application_status_set(application=application, status=ApplicationStatus.HIRED)

    kinds = list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == ["recruiting.status", "recruiting.status"]


def test_the_members_own_withdrawal_tells_nobody(member, application):
    application_withdraw(application=application)

    assert not Notification.objects.exists()
    assert not Message.objects.exists()


def test_a_hostile_company_name_is_escaped_on_the_pages(client, member):
    company = Company.objects.create(name="<script>alert(1)</script>")
    offer_send(offer=Offer(member=member, company=company, message="제안"))
    client.force_login(member)

    for url in ("/home/", "/notifications/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
