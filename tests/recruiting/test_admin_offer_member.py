"""Staff write an offer for a member they find by phone number (the blind index, logged) or take
from the member's application; the member is never picked from a list of ids or usernames."""

import pytest

from accounts.models import User
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from recruiting.models import Company, Offer
from tests.conftest import make_member, make_staff
from tests.recruiting.conftest import make_offer, make_posting

ADD = "/admin/recruiting/offer/add/"


@pytest.fixture
def desk(client, db):
    client.force_login(make_staff("recruiter", superuser=True))
    return client


def offer_data(**fields):
    return {"message": "서류를 보고 연락드려요.", "contact": "", **fields}


def errors_of(response) -> str:
    assert response.status_code == 200, "the form is shown again"
    return response.content.decode()


def test_the_add_form_has_no_member_id_or_username_field(desk, member, application):
    page = desk.get(ADD).content.decode()

    assert 'name="member"' not in page and member.username not in page
    assert 'name="member_phone"' in page and "회원 휴대폰 번호" in page
    # The application choices read as posting and masked name.
    assert "2026 하반기 마케팅 신입 (라이프전자) · 김** (010-****-1357" in page
    shown = AccessLogEntry.objects.filter(
        action=AccessLogAction.LIST, target_type="recruiting.application"
    )
    assert shown.exists()


def test_a_phone_number_finds_the_member_and_the_search_is_logged(desk, member, posting):
    response = desk.post(ADD, offer_data(member_phone="01028461357", company=posting.company.pk))

    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get()
    assert offer.member == member and offer.company == posting.company
    search = AccessLogEntry.objects.get(action=AccessLogAction.SEARCH)
    assert search.subjects == f",{member.pk}," and search.detail["purpose"] == "입사 제안 작성"
    assert search.actor_id == User.objects.get(username="recruiter").pk


def test_an_unknown_number_is_a_clear_error_and_keeps_what_was_written(desk, member, posting):
    page = errors_of(
        desk.post(ADD, offer_data(member_phone="010-9999-0000", company=posting.company.pk))
    )

    assert "이 번호로 가입한 회원이 없어요" in page
    assert "서류를 보고 연락드려요." in page and 'value="010-9999-0000"' in page
    assert not Offer.objects.exists()


def test_a_number_shared_by_two_members_asks_for_the_application(desk, member, posting):
    make_member(name="김지훈", phone="010-2846-1357")

    page = errors_of(
        desk.post(ADD, offer_data(member_phone="010-2846-1357", company=posting.company.pk))
    )

    assert "이 번호로 가입한 회원이 2명이에요" in page and not Offer.objects.exists()


def test_a_withdrawn_member_is_not_found(desk, member, posting):
    User.objects.filter(pk=member.pk).update(withdrawn_at="2026-01-01T00:00:00Z")

    page = errors_of(
        desk.post(ADD, offer_data(member_phone="010-2846-1357", company=posting.company.pk))
    )

    assert "이 번호로 가입한 회원이 없어요" in page


def test_an_offer_from_an_application_takes_its_member_company_and_posting(
    desk, member, application
):
    response = desk.post(ADD, offer_data(application=application.pk))

    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get()
    assert offer.member == member
    assert offer.company == application.posting.company and offer.posting == application.posting


def test_the_application_page_links_to_an_offer_for_that_applicant(desk, application):
    page = desk.get(f"/admin/recruiting/application/{application.pk}/change/").content.decode()
    link = f"/admin/recruiting/offer/add/?application={application.pk}"
    assert link in page and "김** (010-****-1357" in page

    form = desk.get(link).content.decode()
    assert f'<option value="{application.pk}" selected>' in form


def test_an_application_to_another_company_is_refused(desk, application):
    other = Company.objects.create(name="미래상사")

    page = errors_of(desk.post(ADD, offer_data(application=application.pk, company=other.pk)))

    assert "라이프전자의 공고에 낸 것이에요" in page and not Offer.objects.exists()


def test_both_or_neither_way_of_finding_the_member_is_a_clear_error(desk, application):
    both = errors_of(
        desk.post(ADD, offer_data(application=application.pk, member_phone="010-2846-1357"))
    )
    assert "하나로만 회원을 찾아 주세요" in both

    neither = errors_of(desk.post(ADD, offer_data(company=application.posting.company.pk)))
    assert "휴대폰 번호로 찾거나 지원 내역에서 골라 주세요" in neither
    assert not Offer.objects.exists()


def test_a_posting_of_another_company_is_refused(desk, member, posting):
    other = make_posting(Company.objects.create(name="미래상사"), title="영업 신입")

    page = errors_of(
        desk.post(
            ADD,
            offer_data(member_phone="010-2846-1357", company=posting.company.pk, posting=other.pk),
        )
    )

    assert "고른 회사의 공고가 아니에요" in page and not Offer.objects.exists()


def test_the_offer_pages_show_the_member_masked_not_by_username(desk, member):
    offer = make_offer(member)

    listing = desk.get("/admin/recruiting/offer/").content.decode()
    change = desk.get(f"/admin/recruiting/offer/{offer.pk}/change/").content.decode()

    for page in (listing, change):
        assert member.username not in page and "김** (010-****-1357" in page
