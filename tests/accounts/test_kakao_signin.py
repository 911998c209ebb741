"""Kakao sign-in, first and returning, through the fake Kakao over real HTTP."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.db import connection

from accounts.models import MemberSession, Role, User
from privacy.consents.models import ConsentRecord
from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import Purpose


def nothing_kept():
    return (
        User.objects.filter(role=Role.MEMBER).count() == 0
        and SocialAccount.objects.count() == 0
        and ConsentRecord.objects.count() == 0
    )


def test_first_sign_in_creates_exactly_one_member_with_name_and_phone(kakao, client):
    response = kakao.join()

    assert response.status_code == 302 and response["Location"] == "/home/"
    member = User.objects.get(role=Role.MEMBER)
    assert (member.name, member.phone) == ("김지원", "010-2846-1357")
    assert not member.has_usable_password()
    assert SocialAccount.objects.get().user == member
    home = client.get("/home/")
    assert "김지원님, 반가워요" in home.content.decode()


def test_nothing_is_saved_before_the_consent_page_is_answered(kakao, client, settings):
    response = kakao.sign_in()

    assert response["Location"].endswith("/accounts/3rdparty/signup/")
    assert nothing_kept()
    # What Kakao sent waits in the session only briefly; joining restores the normal length.
    assert client.session.get_expiry_age() == 30 * 60
    kakao.consent()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_consent_page_shows_each_purpose_with_items_retention_and_right_to_refuse(kakao, client):
    kakao.sign_in()
    page = client.get("/accounts/3rdparty/signup/").content.decode()

    for text in (
        "개인정보 수집·이용 동의 (회원가입)",
        "카카오톡 메시지 수신 동의",
        "마케팅 및 광고 활용 동의",
        "수집 항목",
        "이용 목적",
        "보유 기간",
        "회원 탈퇴 시 즉시 파기",
        "거부 권리",
        "동의하지 않으면 가입할 수 없어요",
    ):
        assert text in page
    # Optional consents are never pre-ticked.
    assert (
        'name="agree_kakaotalk_messages" id="id_agree_kakaotalk_messages" value="on" data-consent>'
        in page
    )
    assert 'name="agree_marketing" id="id_agree_marketing" value="on" data-consent>' in page


def test_second_sign_in_reuses_the_same_member(kakao, client):
    kakao.join()
    first = User.objects.get(role=Role.MEMBER)
    client.post("/accounts/logout/")

    response = kakao.sign_in()

    assert response.status_code == 302 and response["Location"] == "/home/"
    assert User.objects.filter(role=Role.MEMBER).count() == 1
    assert User.objects.get(role=Role.MEMBER).pk == first.pk
    assert ConsentRecord.objects.filter(member=first).count() == 3  # not asked again


def test_returning_member_gets_phone_number_kakao_now_reports(kakao, client):
    kakao.join(person="custom", custom_name="최유나", custom_phone="010-1111-2222")
    client.post("/accounts/logout/")
    stale = User.objects.get(role=Role.MEMBER)
    stale.phone = "010-0000-0000"
    stale.save()

    kakao.sign_in(person="custom", custom_name="최유나", custom_phone="010-1111-2222")

    assert User.objects.get(role=Role.MEMBER).phone == "010-1111-2222"


def test_required_consent_refused_keeps_no_account(kakao, client):
    kakao.sign_in()

    response = kakao.consent(membership=False, kakaotalk=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "필수 항목에 동의해야 가입할 수 있어요." in page
    # Nothing the person chose is lost: the optional box they ticked is still ticked.
    assert 'id="id_agree_kakaotalk_messages" value="on" data-consent checked>' in page
    assert nothing_kept()

    cancelled = client.post("/accounts/signup/cancel/")
    assert "가입하지 않았어요" in cancelled.content.decode()
    assert nothing_kept()
    # What Kakao told us is gone from the session too: the sign-up page is no longer open.
    assert client.get("/accounts/3rdparty/signup/").status_code == 302
    assert not any("김지원" in s.session_data for s in MemberSession.objects.all())


def test_optional_consents_refused_still_creates_account_and_ledger_says_so(kakao):
    kakao.sign_in()
    kakao.consent(membership=True, kakaotalk=False, marketing=False)

    member = User.objects.get(role=Role.MEMBER)
    rows = {r.purpose: r for r in ConsentRecord.objects.filter(member=member)}
    assert rows[Purpose.MEMBERSHIP].granted is True
    assert rows[Purpose.KAKAOTALK].granted is False
    assert rows[Purpose.MARKETING].granted is False
    assert {r.policy_version for r in rows.values()} == {current_policy_version()}
    assert {r.channel for r in rows.values()} == {"signup"}


def test_optional_consents_given_are_recorded_as_granted(kakao):
    kakao.sign_in()
    kakao.consent(membership=True, kakaotalk=True, marketing=True)

    member = User.objects.get(role=Role.MEMBER)
    assert all(r.granted for r in ConsentRecord.objects.filter(member=member))


def test_raw_kakao_json_and_email_are_nowhere_in_the_database(kakao, client):
    kakao.join()

    account = SocialAccount.objects.get()
    assert account.extra_data == {"id": 4100000001}
    assert SocialToken.objects.count() == 0
    # Scan every table for what Kakao sent but the policy does not list.
    forbidden = [
        "kakao4100000001@example.invalid",
        "김지원닉네임",
        "kakao_account",
        "+82 10-2846-1357",
    ]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            dump = json.dumps(cursor.fetchall(), default=str, ensure_ascii=False)
            for value in forbidden:
                assert value not in dump, f"{value!r} found in {table}"


# --- Kakao failures: a clear Korean page, nothing half-created -------------------------------


def test_cancel_on_kakao_consent_screen(kakao):
    path, query = kakao.authorize(kakao.start(), cancel=True)
    assert query["error"] == "access_denied"

    response = kakao.callback(path, query)

    assert response.status_code == 400
    assert "카카오 로그인을 취소했어요" in response.content.decode()
    assert nothing_kept()


def test_phone_number_consent_declined_on_kakao(kakao):
    response = kakao.sign_in(share_phone=False)

    assert response.status_code == 400
    assert "전화번호 제공 동의가 필요해요" in response.content.decode()
    assert nothing_kept()


def test_token_exchange_failure(kakao):
    path, query = kakao.authorize(kakao.start())
    query["code"] = "forged-" + query["code"][7:]

    response = kakao.callback(path, query)

    assert response.status_code == 502
    assert "카카오 로그인을 마치지 못했어요" in response.content.decode()
    assert nothing_kept()


def test_authorization_code_cannot_be_used_twice(kakao, client):
    path, query = kakao.authorize(kakao.start())
    kakao.callback(path, query)
    client.post("/accounts/signup/cancel/")

    # Replaying the same code (and state) fails like at Kakao; the state is spent too.
    response = kakao.callback(path, query)

    assert response.status_code in (400, 502)
    assert nothing_kept()


@pytest.mark.parametrize("which", ["auth", "api"])
def test_kakao_unreachable(kakao, settings, which):
    params = kakao.start()
    path, query = kakao.authorize(params)
    dead = "http://127.0.0.1:9"  # discard port: nothing listens, the connection is refused
    if which == "auth":
        settings.KAKAO_AUTH_BASE_URL = dead
    else:
        settings.KAKAO_API_BASE_URL = dead

    response = kakao.callback(path, query)

    assert response.status_code == 502
    assert "카카오에 연결할 수 없어요" in response.content.decode()
    assert nothing_kept()


def test_callback_without_a_started_sign_in_is_refused(kakao, client):
    response = client.get("/accounts/kakao/login/callback/", {"code": "x", "state": "unknown"})

    assert response.status_code == 400
    assert "로그인 요청이 만료되었어요" in response.content.decode()
    assert nothing_kept()


def test_members_cannot_disconnect_kakao(kakao, client):
    kakao.join()
    account = SocialAccount.objects.get()

    client.post("/accounts/3rdparty/", {"account": account.pk})

    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_a_social_app_row_in_the_database_is_not_a_source_of_kakao_credentials(
    kakao, client, settings
):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(provider="kakao", name="admin row", client_id="row-id", secret="s")

    response = client.post("/accounts/kakao/login/")

    assert response.status_code == 302
    assert "client_id=row-id" not in response["Location"]
    configured = settings.SOCIALACCOUNT_PROVIDERS["kakao"]["APPS"][0]["client_id"]
    assert f"client_id={configured}" in response["Location"]
    assert kakao.join()["Location"] == "/home/"
