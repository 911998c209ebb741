"""What allauth says on sign-in and sign-out, in natural 해요체 and by name — never the opaque
username ("m_0124… 으로 로그인 되었습니다.")."""

from pathlib import Path

import allauth
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_allauth_can_send_is_ours():
    stock = Path(allauth.__file__).parent / "templates"
    for folder in ("account/messages", "socialaccount/messages"):
        names = sorted(p.name for p in (stock / folder).glob("*.txt"))
        ours = sorted(p.name for p in (ROOT / "templates" / folder).glob("*.txt"))
        assert names == ours, folder
        for name in ours:
            text = (ROOT / "templates" / folder / name).read_text()
            assert "blocktrans" not in text and "습니다" not in text, name


def test_signing_in_greets_by_name(member):
    text = render_to_string("account/messages/logged_in.txt", {"user": member}).strip()
    assert text == "김지원님, 반가워요."
    assert member.username not in text


def test_a_nameless_account_is_told_it_signed_in(db):
    from accounts.models import User

    user = User.objects.create_user("root", "root-password-123")
    assert render_to_string("account/messages/logged_in.txt", {"user": user}).strip() == (
        "로그인했어요."
    )


def test_signing_out_says_so_in_haeyo(client, member):
    client.force_login(member)
    response = client.post("/accounts/logout/", follow=True)
    assert "로그아웃했어요." in response.content.decode()


def test_the_kakao_sign_in_greets_by_name(client, kakao):
    kakao.join()
    page = client.get("/home/").content.decode()
    assert "님, 반가워요." in page
    assert "로그인 되었습니다" not in page and "으로 로그인" not in page
