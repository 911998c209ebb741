"""Autosave: nothing typed is lost, and two tabs never silently overwrite each other."""

from urllib.parse import urlencode

from django.conf import settings
from django.test import Client

from accounts.models import MemberSession
from coverletters.models import AnswerVersion, VersionReason

JSON = {"HTTP_ACCEPT": "application/json"}


def save(client, question, text, revision):
    return client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": text, "revision": revision},
        **JSON,
    )


def test_save_stores_the_answer_and_counts_it(client, member, question):
    client.force_login(member)

    response = save(client, question, "저는 협업을 배웠어요.", 0)

    assert response.status_code == 200
    body = response.json()
    assert body["revision"] == 1
    assert body["counts"] == {
        "with_spaces": 12,
        "without_spaces": 10,
        "utf8_bytes": 30,
        "korean_bytes": 21,
    }
    question.refresh_from_db()
    assert question.answer == "저는 협업을 배웠어요."
    assert question.revision == 1


def test_two_tabs_the_later_save_gets_a_conflict_and_both_texts_survive(client, member, question):
    client.force_login(member)
    save(client, question, "첫 번째 탭에서 쓴 글", 0)  # tab A, based on revision 0

    response = save(client, question, "두 번째 탭에서 쓴 글", 0)  # tab B, also based on 0

    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True
    assert body["answer"] == "첫 번째 탭에서 쓴 글"
    assert "다른 창에서 이 답변을 먼저 저장했어요" in body["message"]
    question.refresh_from_db()
    assert question.answer == "첫 번째 탭에서 쓴 글"  # not overwritten
    kept = AnswerVersion.objects.get(question=question, reason=VersionReason.CONFLICT)
    assert kept.text == "두 번째 탭에서 쓴 글"  # and the other text survives too


def test_after_a_conflict_the_member_can_choose_their_text(client, member, question):
    client.force_login(member)
    save(client, question, "A", 0)
    conflict = save(client, question, "B", 0).json()

    response = save(client, question, "B", conflict["revision"])

    assert response.status_code == 200
    question.refresh_from_db()
    assert question.answer == "B"


def test_saving_the_same_text_twice_is_not_a_conflict(client, member, question):
    client.force_login(member)
    save(client, question, "같은 글", 0)

    response = save(client, question, "같은 글", 0)

    assert response.status_code == 200


def test_too_long_answer_is_refused_with_a_korean_message_and_nothing_changes(
    client, member, question
):
    client.force_login(member)
    save(client, question, "원래 답변", 0)

    response = save(client, question, "가" * 20001, 1)

    assert response.status_code == 400
    assert response.json()["error"] == "답변은 20000자까지 쓸 수 있어요 (지금 20001자)."
    question.refresh_from_db()
    assert question.answer == "원래 답변"


def test_crlf_from_the_browser_is_stored_as_one_line_break(client, member, question):
    client.force_login(member)

    save(client, question, "첫 줄\r\n둘째 줄", 0)

    question.refresh_from_db()
    assert question.answer == "첫 줄\n둘째 줄"


def test_markup_is_stored_as_typed_and_shown_as_text(client, member, question):
    client.force_login(member)

    save(client, question, "<script>alert(1)</script> 😀 똠방각하 𠀀", 0)

    question.refresh_from_db()
    assert question.answer == "<script>alert(1)</script> 😀 똠방각하 𠀀"
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 😀 똠방각하 𠀀" in page
    assert "<script>alert(1)</script>" not in page


def test_without_javascript_the_form_saves_and_comes_back(client, member, question):
    client.force_login(member)

    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/", {"answer": "JS 없이", "revision": 0}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#q-{question.pk}")
    question.refresh_from_db()
    assert question.answer == "JS 없이"


def test_without_javascript_a_rejected_save_shows_the_text_again(client, member, question):
    client.force_login(member)

    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/", {"answer": "긴 글" * 7000, "revision": 0}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "답변을 저장하지 못했어요" in page and ("긴 글" * 7000) in page


# --- The session ends while the member types ------------------------------------------------


def test_autosave_after_the_session_expired_answers_json_401_with_where_to_sign_in(
    client, member, question
):
    client.force_login(member)
    editor = f"/coverletters/{question.cover_letter_id}/"
    MemberSession.objects.filter(user_id=member.pk).delete()  # expired, or ended elsewhere

    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": "만료 뒤에 쓴 글", "revision": 0},
        HTTP_REFERER=f"http://testserver{editor}",
        **JSON,
    )

    # JSON the script can read, not a redirect that fetch() would follow to the landing page.
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "signed_out"
    assert body["message"] == "로그인이 만료되었어요. 다시 로그인해 주세요."
    assert body["login_url"] == f"/?{urlencode({'next': editor})}"
    question.refresh_from_db()
    assert question.answer == "" and question.revision == 0


def test_signed_out_json_401_never_sends_the_member_to_another_site(client, question):
    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": "글", "revision": 0},
        HTTP_REFERER="https://evil.example/coverletters/1/",
        **JSON,
    )

    assert response.status_code == 401
    assert response.json()["login_url"] == "/"


def test_without_javascript_a_signed_out_save_still_goes_to_sign_in(client, question):
    url = f"/coverletters/questions/{question.pk}/answer/"

    response = client.post(url, {"answer": "글", "revision": 0})

    assert response.status_code == 302
    assert response["Location"] == f"/?next={url}"


def test_a_consultant_gets_403_not_401_from_the_autosave(client, consultant, question):
    client.force_login(consultant)

    response = save(client, question, "남의 글", 0)

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answer == ""


def test_autosave_session_gives_a_token_that_saves_after_the_old_one_went_stale(member, question):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    url = f"/coverletters/questions/{question.pk}/answer/"
    browser.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32  # the tab's token is from before

    stale = browser.post(url, {"answer": "글", "revision": 0, "csrfmiddlewaretoken": "b" * 32})
    assert stale.status_code == 403

    fresh = browser.get("/coverletters/autosave/session/", **JSON)
    assert fresh.status_code == 200
    assert "no-store" in fresh["Cache-Control"]
    token = fresh.json()["csrf_token"]
    response = browser.post(
        url, {"answer": "글", "revision": 0, "csrfmiddlewaretoken": token}, **JSON
    )

    assert response.status_code == 200
    question.refresh_from_db()
    assert question.answer == "글"


def test_autosave_session_says_401_while_signed_out(client):
    response = client.get("/coverletters/autosave/session/", **JSON)

    assert response.status_code == 401
    assert response.json()["error"] == "signed_out"
