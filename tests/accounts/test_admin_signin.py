"""Staff sign in to the admin with a password; members cannot, having none."""


def test_staff_signs_in_to_the_admin_with_a_password(client, staff):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff1", "password": "staff-password-123", "next": "/admin/"},
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_passwords_are_hashed_with_argon2(staff):
    assert staff.password.startswith("argon2$")


def test_admin_is_in_korean(client, staff):
    client.force_login(staff)

    page = client.get("/admin/").content.decode()

    assert "라이프멘토 관리자" in page and "로그아웃" in page


def test_member_has_no_password_and_cannot_open_the_admin(client, member):
    assert not member.has_usable_password()
    client.force_login(member)

    response = client.get("/admin/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_consent_ledger_is_read_only_in_the_admin(client, staff, member):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    record = member.consent_records.first()

    assert client.get("/admin/privacy/consentrecord/").status_code == 200
    assert client.get(f"/admin/privacy/consentrecord/{record.pk}/delete/").status_code == 403
    assert client.post("/admin/privacy/consentrecord/add/").status_code == 403


def test_allauth_password_sign_in_page_sends_people_to_kakao(client, db):
    response = client.get("/accounts/login/?next=/accounts/me/")

    assert response.status_code == 302
    assert response["Location"] == "/?next=/accounts/me/"
