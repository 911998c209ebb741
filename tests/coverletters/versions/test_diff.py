"""The diff a member reads: sentence by sentence, then 어절 by 어절, never by syllable."""

from coverletters.versions.diff import diff_text, sentences


def changes(segments):
    return [(s.op, s.text) for s in segments if s.op != "same"]


def test_sentences_keep_korean_endings_and_join_back_to_the_text():
    text = "저는 물류 인턴을 했습니다. 재고를 3.5% 줄였어요!\n왜 그랬을까요? 「고객.」 끝"
    parts = sentences(text)
    assert parts == [
        "저는 물류 인턴을 했습니다. ",
        "재고를 3.5% 줄였어요!\n",
        "왜 그랬을까요? ",
        "「고객.」 ",
        "끝",
    ]
    assert "".join(parts) == text


def test_a_word_changed_inside_a_sentence_shows_only_that_word():
    old = "저는 물류 인턴에서 재고 관리를 자동화했습니다. 그 결과 비용을 줄였습니다."
    new = "저는 물류 인턴에서 재고 관리를 개선했습니다. 그 결과 비용을 줄였습니다."

    assert changes(diff_text(old, new)) == [("del", "자동화했습니다."), ("ins", "개선했습니다.")]


def test_an_added_sentence_is_one_insertion_and_the_rest_is_unchanged():
    old = "첫 문장입니다. 마지막 문장입니다."
    new = "첫 문장입니다. 새로 넣은 문장이에요. 마지막 문장입니다."

    assert changes(diff_text(old, new)) == [("ins", "새로 넣은 문장이에요. ")]


def test_a_rewritten_sentence_is_struck_out_and_added_whole_not_interleaved():
    old = "협업을 통해 목표를 이뤘습니다."
    new = "완전히 다른 이야기로 바꿔 썼어요."

    assert changes(diff_text(old, new)) == [("del", old), ("ins", new)]


def test_identical_texts_have_no_change_and_empty_texts_no_segments():
    assert changes(diff_text("같은 글이에요.", "같은 글이에요.")) == []
    assert diff_text("", "") == []


def test_a_line_break_ends_a_sentence_without_a_full_stop():
    old = "제목 줄\n본문은 그대로예요."
    new = "바뀐 제목 줄\n본문은 그대로예요."

    assert changes(diff_text(old, new)) == [("ins", "바뀐 ")]


def test_the_question_history_shows_what_changed_since_each_version(client, member, question):
    from coverletters import services

    services.answer_save(question=question, text="첫 문장이에요. 둘째 문장이에요.", base_revision=0)
    services.answer_save(question=question, text="첫 문장이에요. 고친 문장이에요.", base_revision=1)
    client.force_login(member)

    page = client.get(f"/coverletters/questions/{question.pk}/versions/").content.decode()

    assert "지금 답변과 비교" in page
    assert '<del><span class="sr-only">[지운 부분] </span>둘째</del>' in page
    assert '<ins><span class="sr-only">[더한 부분] </span>고친</ins>' in page
