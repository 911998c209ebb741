"""Autosave: nothing typed is lost, and two tabs never silently overwrite each other."""

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
