"""The landing page: Kakao sign-in for visitors, the member home for members."""


def test_landing_page_offers_kakao_sign_in_and_links_the_privacy_policy(client, db):
    page = client.get("/").content.decode()

    assert "카카오로 시작하기" in page
    assert 'href="/privacy/policy/"' in page
    assert '<html lang="ko">' in page


def test_landing_redirects_a_signed_in_member_home(client, member):
    client.force_login(member)

    assert client.get("/")["Location"] == "/home/"


def test_next_is_carried_through_the_kakao_button(client, db):
    page = client.get("/?next=/accounts/me/").content.decode()

    assert 'name="next" value="/accounts/me/"' in page
