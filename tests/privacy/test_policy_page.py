def test_policy_page_is_public_and_names_the_officer_from_settings(client, db, settings):
    settings.PRIVACY_OFFICER_NAME = "홍길동"
    settings.PRIVACY_OFFICER_PHONE = "02-1234-5678"
    settings.PRIVACY_OFFICER_EMAIL = "privacy@example.com"

    page = client.get("/privacy/policy/").content.decode()

    assert "개인정보처리방침" in page
    assert "홍길동 대표" in page and "02-1234-5678" in page and "privacy@example.com" in page
    assert "[개인정보 보호책임자 성명]" not in page
    for category in ("회원가입", "본인 프로필", "경험 나열", "자기소개서", "서비스 이용"):
        assert f'<th scope="row">{category}</th>' in page
