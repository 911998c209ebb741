"""Consultants sign in at /consulting/login/; nobody else does, and a deactivated one is out."""

from django.test import Client

from accounts.models import MemberSession

PASSWORD = "consultant-password-1"


def sign_in(client, username, password=PASSWORD):
    return client.post("/consulting/login/", {"username": username, "password": password})


def test_a_consultant_signs_in_and_lands_on_the_consultant_home(client_at, consultant):
    response = sign_in(client_at, consultant.username)

    assert response.status_code == 302 and response["Location"] == "/consulting/"
    assert client_at.get("/consulting/").status_code == 200


def test_staff_and_members_cannot_sign_in_here(client_at, staff, member):
    member.set_password(PASSWORD)
    member.save()

    for username, password in ((staff.username, "staff-password-123"), (member.username, PASSWORD)):
        response = sign_in(client_at, username, password)
        assert response.status_code == 200
        assert "아이디 또는 비밀번호가 맞지 않아요" in response.content.decode()


def test_the_consultant_home_refuses_members_staff_and_visitors(client, member, staff):
    anonymous = client.get("/consulting/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/consulting/login/")

    for user in (member, staff):
        signed_in = Client()
        signed_in.force_login(user)
        assert signed_in.get("/consulting/").status_code == 403


def test_a_deactivated_consultant_cannot_sign_in_and_their_sessions_end(client_at, consultant):
    elsewhere = Client()
    elsewhere.force_login(consultant)
    assert MemberSession.objects.filter(user_id=consultant.pk).exists()

    consultant.is_active = False
    consultant.save()

    assert not MemberSession.objects.filter(user_id=consultant.pk).exists()
    assert elsewhere.get("/consulting/").status_code == 302
    response = sign_in(client_at, consultant.username)
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 맞지 않아요" in response.content.decode()


def test_deactivating_a_member_is_not_consultings_business(member):
    other = Client()
    other.force_login(member)

    member.is_active = False
    member.save()

    # Members end their sessions through accounts (withdrawal), not this receiver.
    assert MemberSession.objects.filter(user_id=member.pk).exists()


def test_the_throttle_locks_after_five_failures(client_at, consultant):
    for _ in range(5):
        assert "맞지 않아요" in sign_in(client_at, consultant.username, "wrong").content.decode()

    response = sign_in(client_at, consultant.username)

    assert response.status_code == 200
    assert "로그인에 여러 번 실패해" in response.content.decode()


def test_a_consultant_signs_out_back_to_their_sign_in_page(client_at, consultant):
    sign_in(client_at, consultant.username)

    response = client_at.post("/consulting/logout/")

    assert response.status_code == 302 and response["Location"] == "/consulting/login/"
    assert client_at.get("/consulting/").status_code == 302
