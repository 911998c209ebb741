"""The member sees the consultant's comments beside their sentences in the cover-letter editor,
and after each edit the comments follow the text: an inserted paragraph moves them with their
sentence, a changed word keeps them on it, a deleted sentence makes them "이전 버전에 달린 의견"
with the quote the consultant commented on, never placed on other text."""

import pytest

from tests.consulting.editor_support import (
    ANSWER,
    CAMPAIGN,
    PARAGRAPH_1,
    PARAGRAPH_2,
    delivered_comment,
    make_question,
)

pytestmark = pytest.mark.django_db

OUTDATED = "이전 버전에 달린 의견"


@pytest.fixture
def question(member):
    return make_question(member)


@pytest.fixture
def comment(member, consultant, question):
    return delivered_comment(
        member, consultant, question, body="몇 명에서 몇 명이 되었는지 써 주세요."
    )


def save(client, question, text):
    """The editor's autosave, as its script sends it."""
    question.refresh_from_db()
    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": text, "revision": question.revision},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200, response.content
    question.refresh_from_db()


def placements(client, question):
    response = client.get(
        f"/consulting/feedback/questions/{question.pk}/placements/",
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    return response.json()


def editor(client, question):
    return client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()


def located(question, placement):
    return question.answer[placement["start"] : placement["end"]]


def test_editor_shows_the_comment_on_its_sentence(client, member, question, comment):
    client.force_login(member)
    page = editor(client, question)
    assert "몇 명에서 몇 명이 되었는지 써 주세요." in page
    assert f'id="comment-{comment.pk}"' in page
    # Beside the sentence: the thread names it, and the reading view marks it.
    assert f'<q class="feedback-quote">{CAMPAIGN}</q>' in page
    assert "feedback-mark" in page
    assert OUTDATED not in page
    [p] = placements(client, question)["placements"]
    assert p["comment"] == comment.pk and p["kind"] == "exact"
    assert located(question, p) == CAMPAIGN


def test_comment_follows_its_sentence_when_a_paragraph_is_inserted_above(
    client, member, question, comment
):
    client.force_login(member)
    above = "저는 어려운 일을 끝까지 해내는 사람입니다. 작은 일에도 책임을 다합니다."
    save(client, question, f"{above}\n\n{ANSWER}")

    [p] = placements(client, question)["placements"]
    assert p["kind"] == "moved"
    assert p["start"] == len(above) + 2 + PARAGRAPH_1.index(CAMPAIGN)
    assert located(question, p) == CAMPAIGN
    page = editor(client, question)
    assert f'<q class="feedback-quote">{CAMPAIGN}</q>' in page
    assert OUTDATED not in page


def test_comment_stays_on_its_sentence_when_a_word_in_it_changes(client, member, question, comment):
    client.force_login(member)
    edited = CAMPAIGN.replace("두 배로", "세 배 가까이")
    save(client, question, ANSWER.replace(CAMPAIGN, edited))

    [p] = placements(client, question)["placements"]
    assert p["kind"] == "fuzzy"
    assert "세 배 가까이" in located(question, p)
    assert located(question, p) in edited
    page = editor(client, question)
    assert "의견을 받은 뒤 문장이 조금 바뀌었어요" in page
    assert OUTDATED not in page


def test_comment_on_a_deleted_sentence_is_outdated_with_its_original_quote(
    client, member, question, comment
):
    client.force_login(member)
    save(client, question, ANSWER.replace(f" {CAMPAIGN}", ""))

    [p] = placements(client, question)["placements"]
    assert p == {
        "comment": comment.pk,
        "kind": "outdated",
        "start": None,
        "end": None,
        "start16": None,
        "end16": None,
    }
    page = editor(client, question)
    assert OUTDATED in page
    outdated = page[page.index(OUTDATED) :]
    assert f'<q class="feedback-quote">{CAMPAIGN}</q>' in outdated
    assert "몇 명에서 몇 명이 되었는지 써 주세요." in outdated
    # Nothing of the answer is marked: the comment is on no text now.
    assert "feedback-mark" not in page


def test_the_placements_answer_carries_the_panels_rendered_again(client, member, question, comment):
    client.force_login(member)
    save(client, question, ANSWER.replace(f" {CAMPAIGN}", ""))
    data = placements(client, question)
    assert data["question"] == question.pk and data["revision"] == question.revision
    assert OUTDATED in data["threads"]
    assert f'data-feedback-reading="{question.pk}"' in data["reading"]


def test_offsets_for_the_textarea_count_an_emoji_as_two(client, member, consultant):
    question = make_question(member, answer=f"🙂 {PARAGRAPH_2}")
    quote = "라이프전자에서 그 역량을 살리고 싶습니다."
    delivered_comment(member, consultant, question, quote=quote)
    client.force_login(member)

    [p] = placements(client, question)["placements"]
    assert located(question, p) == quote  # Python offsets
    assert (p["start16"], p["end16"]) == (p["start"] + 1, p["end"] + 1)  # UTF-16 offsets


def test_overlapping_comments_are_both_marked(client, member, consultant):
    question = make_question(member)
    delivered_comment(member, consultant, question, quote=CAMPAIGN)
    delivered_comment(member, consultant, question, quote="지원자를 두 배로 늘렸습니다.")
    client.force_login(member)
    page = editor(client, question)
    assert 'data-numbers="1 2"' in page
    assert page.count('class="feedback-badge"') == 2
