"""회원 탈퇴: the member's data is destroyed at once, sessions end everywhere."""

from allauth.socialaccount.models import SocialAccount
from django.test import Client

from accounts.models import MemberSession, Role, User
from privacy.consents.models import ConsentRecord


def test_withdrawal_page_explains_what_is_destroyed_and_kept(kakao, client):
    kakao.join()

    page = client.get("/accounts/withdraw/").content.decode()

    assert "바로 파기하는 정보" in page
    assert "보관하는 정보" in page
    assert "이전 정보는 되살릴 수 없어요" in page


def test_withdrawal_needs_confirmation_and_keeps_everything_without_it(kakao, client):
    kakao.join()

    response = client.post("/accounts/withdraw/", {})

    assert response.status_code == 200
    assert "안내를 확인했다는 항목에 체크해 주세요." in response.content.decode()
    assert User.objects.filter(role=Role.MEMBER).count() == 1


def test_withdrawal_removes_member_kakao_link_consents_and_every_session(kakao, client):
    kakao.join()
    member = User.objects.get(role=Role.MEMBER)
    # The same member is also signed in on a second device.
    other_device = Client()
    other_device.force_login(member)
    assert MemberSession.objects.filter(user_id=member.pk).count() == 2

    response = client.post("/accounts/withdraw/", {"confirm": "on"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=member.pk).exists()
    assert SocialAccount.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert MemberSession.objects.filter(user_id=member.pk).count() == 0
    # Both devices are signed out.
    assert client.get("/home/").status_code == 302
    assert other_device.get("/home/").status_code == 302


def test_signing_in_again_after_withdrawal_starts_a_new_empty_membership(kakao, client):
    kakao.join()
    old = User.objects.get(role=Role.MEMBER)
    client.post("/accounts/withdraw/", {"confirm": "on"})

    response = kakao.sign_in()

    assert response["Location"].endswith("/accounts/3rdparty/signup/")  # asked to consent again
    kakao.consent()
    new = User.objects.get(role=Role.MEMBER)
    assert new.pk != old.pk
    assert ConsentRecord.objects.filter(member=new).count() == 3


def test_withdrawal_leaves_other_members_untouched(kakao, client, other_member):
    kakao.join()

    client.post("/accounts/withdraw/", {"confirm": "on"})

    assert User.objects.filter(pk=other_member.pk).exists()
    assert ConsentRecord.objects.filter(member=other_member).count() == 3


def test_withdrawal_is_for_members_only(client, staff, consultant):
    for user in (staff, consultant):
        client.force_login(user)
        assert client.post("/accounts/withdraw/", {"confirm": "on"}).status_code == 403
        assert User.objects.filter(pk=user.pk).exists()


def test_withdrawal_requires_sign_in(client):
    response = client.post("/accounts/withdraw/", {"confirm": "on"})

    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_withdrawal_page_lists_every_category_destroyed_at_once_from_the_registry(kakao, client):
    kakao.join()

    page = client.get("/accounts/withdraw/").content.decode()

    for name in ("회원가입", "본인 프로필", "경험 나열", "자기소개서"):
        assert f"<strong>{name}</strong>" in page
    assert "희망 직무" in page and "[필수]" not in page
    assert "회원 탈퇴 시 3개월 이내 파기해요" in page
    assert "따로 보관하는 정보가 없어요" in page


def test_withdrawal_page_counts_the_members_own_records_kept_five_years(kakao, client):
    from tests.recruiting.conftest import make_offer

    kakao.join()
    member = User.objects.get(role=Role.MEMBER)
    make_offer(member)

    page = client.get("/accounts/withdraw/").content.decode()

    assert "받은 입사 제안 1건은 기업과의 계약 이행을 위해" in page
    assert "5년 동안 따로 보관" in page and "지원 0건" not in page
