"""맞춤법·띄어쓰기 hints: what Kiwi (offline, on our server) catches, at the right offsets, and
only for the member's own questions.

Known errors and who catches them:
- spacing "할수있습니다" → "할 수 있습니다", "해결 할" → "해결할": Kiwi's spacing model;
- "않되요" → "안 돼요": Kiwi's typo correction (않 → 안) plus the misspelling list (되요);
- "되요" → "돼요", "몇일" → "며칠", "할께요" → "할게요", "있읍니다" → "있습니다": Kiwi reads
  these as well formed (되 + 요, 몇 + 일), so they come from the short misspelling list in
  coverletters/spelling/services.py. Anything outside that list and Kiwi's typo model
  (e.g. "바램", "문안하다") is not caught.
"""

import pytest

from coverletters.spelling.services import MAX_CHARS, SPACING, SPELLING, spelling_hints


def one(text):
    hints = spelling_hints(text)
    assert len(hints) == 1, hints
    hint = hints[0]
    # The offsets point at exactly the words the hint replaces.
    assert text[hint.start : hint.end] == hint.original
    return hint


def apply(text, hint):
    return text[: hint.start] + hint.suggestion + text[hint.end :]


def test_spacing_is_inserted_where_kiwi_would_space():
    text = "저는 이 일을 할수있습니다."
    hint = one(text)
    assert (hint.original, hint.suggestion, hint.kind) == (
        "할수있습니다.",
        "할 수 있습니다.",
        SPACING,
    )
    assert apply(text, hint) == "저는 이 일을 할 수 있습니다."


def test_a_wrong_space_is_removed_across_two_words():
    text = "문제를 해결 할 수 있었어요."
    hint = one(text)
    assert (hint.original, hint.suggestion, hint.kind) == ("해결 할", "해결할", SPACING)


@pytest.mark.parametrize(
    ("text", "original", "suggestion"),
    [
        ("이렇게 하면 되요.", "되요.", "돼요."),
        ("몇일 동안 준비했어요.", "몇일", "며칠"),
        ("그러면 않되요.", "않되요.", "안 돼요."),
        ("제가 할께요.", "할께요.", "할게요."),
        ("열심히 하고 있읍니다.", "있읍니다.", "있습니다."),
        ("팀장 역활을 맡았어요.", "역활을", "역할을"),
    ],
)
def test_known_misspellings_are_hinted_as_spelling(text, original, suggestion):
    hint = one(text)
    assert (hint.original, hint.suggestion, hint.kind) == (original, suggestion, SPELLING)


def test_a_spelling_fix_replaces_the_spacing_hint_of_the_same_word():
    # Kiwi alone would space "몇일" as "몇 일"; the member should see 며칠 only.
    hints = spelling_hints("몇일 걸렸어요.")
    assert [(h.original, h.suggestion) for h in hints] == [("몇일", "며칠")]


def test_offsets_count_characters_across_lines_and_emoji():
    text = "첫 줄은 괜찮아요.\n\n😀 둘째 줄은할수있어요.\r\n셋째 줄도 되요."
    hints = spelling_hints(text)
    assert [(h.original, h.suggestion) for h in hints] == [
        ("줄은할수있어요.", "줄은 할 수 있어요."),
        ("되요.", "돼요."),
    ]
    for hint in hints:
        assert text[hint.start : hint.end] == hint.original
    fixed = text
    for hint in reversed(hints):
        fixed = apply(fixed, hint)
    assert fixed == "첫 줄은 괜찮아요.\n\n😀 둘째 줄은 할 수 있어요.\r\n셋째 줄도 돼요."


def test_clean_text_and_intended_spacing_give_no_hint():
    assert spelling_hints("저는 고객의 불편을 해결할 수 있어요.") == []
    assert spelling_hints("") == []
    assert spelling_hints("  \n ") == []
    # Two spaces or a tab were typed on purpose: never proposed away.
    assert spelling_hints("항목\t내용") == []


CLEAN = (
    "대학교 3학년 때 교내 카페의 주문 대기 시간을 줄이는 프로젝트에서 팀장을 맡았습니다. "
    "점심시간에 주문이 몰린다는 것을 알 수 있었고, 대기 시간을 30% 줄였습니다.\n"
    "한빛은행 디지털마케팅팀에서 인턴으로 일하며 참여율을 전월 대비 1.5배 늘렸습니다."
)


def test_compounds_and_numbers_with_counters_written_together_are_left_alone():
    # 한글 맞춤법 제43항 (a counter after an Arabic numeral) and 제49·50항 (compounds and terms)
    # allow these together; a hint on each would bury the real ones.
    assert spelling_hints(CLEAN) == []


def test_a_bound_noun_before_a_noun_is_still_spaced():
    hint = one("3개월동안 인턴을 했어요.")
    assert (hint.original, hint.suggestion) == ("3개월동안", "3개월 동안")


def test_the_text_itself_is_never_changed():
    text = "저는할수있습니다."
    spelling_hints(text)
    assert text == "저는할수있습니다."


def test_over_the_answer_limit_is_refused():
    with pytest.raises(ValueError):
        spelling_hints("가" * (MAX_CHARS + 1))


# The endpoint.


def url(question):
    return f"/coverletters/questions/{question.pk}/spelling/"


def test_member_gets_hints_for_the_text_in_the_editor(client, member, question):
    client.force_login(member)
    response = client.post(url(question), {"text": "저는 할수있습니다."})
    assert response.status_code == 200
    body = response.json()
    assert body["hints"] == [
        {
            "start": 3,
            "end": 10,
            "original": "할수있습니다.",
            "suggestion": "할 수 있습니다.",
            "kind": "띄어쓰기",
        }
    ]
    # Nothing is saved: the hints are for what the member is writing.
    question.refresh_from_db()
    assert question.answer == "" and question.revision == 0


def test_browser_newlines_count_as_one_character(client, member, question):
    client.force_login(member)
    body = client.post(url(question), {"text": "첫 줄\r\n둘째 줄도 되요."}).json()
    assert [(h["start"], h["original"]) for h in body["hints"]] == [(10, "되요.")]


def test_another_members_question_is_404(client, other_member, question):
    client.force_login(other_member)
    assert client.post(url(question), {"text": "할수있습니다"}).status_code == 404


def test_anonymous_script_gets_401_and_a_page_gets_the_sign_in(client, question):
    response = client.post(url(question), {"text": "할수있습니다"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert client.post(url(question), {"text": "할수있습니다"}).status_code == 302


def test_staff_and_consultants_get_no_hints(client, staff, consultant, question):
    for user in (staff, consultant):
        client.force_login(user)
        assert client.post(url(question), {"text": "할수있습니다"}).status_code == 403


def test_only_post(client, member, question):
    client.force_login(member)
    assert client.get(url(question)).status_code == 405


def test_csrf_is_required(member, question):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(url(question), {"text": "할수있습니다"}).status_code == 403


def test_text_over_20000_characters_is_refused_in_korean(client, member, question):
    client.force_login(member)
    response = client.post(url(question), {"text": "가" * 20001})
    assert response.status_code == 400
    assert "20,000자" in response.json()["error"]
    assert client.post(url(question), {"text": "가" * 20000}).status_code == 200


def test_the_editor_offers_the_check_under_each_answer(client, member, letter):
    client.force_login(member)
    page = client.get(f"/coverletters/{letter.pk}/").content.decode()
    for question in letter.questions.all():
        assert f'data-url="{url(question)}"' in page
    assert "js/spelling.js" in page


def test_concurrent_requests_share_one_analyser_and_agree():
    from concurrent.futures import ThreadPoolExecutor

    from coverletters.spelling import services

    texts = ["저는 할수있습니다.", "이렇게 하면 되요.", "몇일 걸렸어요."] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(spelling_hints, texts))
    assert results == [spelling_hints(text) for text in texts]
    first = services._analyser()
    assert services._analyser() is first  # loaded once per process


def test_too_many_checks_in_a_minute_are_refused_in_korean(client, member, question):
    from django.core.cache import cache

    from coverletters.spelling import views

    cache.delete(f"throttle:spelling:{member.pk}")
    client.force_login(member)
    for _ in range(views.PER_MINUTE):
        assert client.post(url(question), {"text": "좋아요"}).status_code == 200
    response = client.post(url(question), {"text": "좋아요"})
    assert response.status_code == 429
    assert response.json()["error"] == "맞춤법 검사를 너무 자주 했어요. 1분 뒤에 다시 눌러 주세요."
