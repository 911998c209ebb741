"""Feedback anchored to sentences (issue 12): a comment's anchor is placed again on the member's
later text — on its sentence, or outdated with its original quote, never on the wrong text.
Pure Python: no database."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consulting.anchoring import (
    Anchor,
    Placement,
    anchor_for,
    locate,
    locate_all,
    normalize_whitespace,
    sentences,
)

LETTER = (
    "저는 대학 시절 동아리 회장을 맡았습니다. 스무 명의 회원과 함께 축제를 준비했습니다. "
    "그 경험으로 책임감을 배웠습니다.\n\n"
    "입사 후에는 고객의 목소리를 먼저 듣는 개발자가 되고 싶습니다. "
    "Python과 SQL로 만든 ETL 파이프라인이 그 출발점입니다."
)
SENTENCE = "스무 명의 회원과 함께 축제를 준비했습니다."


def anchor_on(text: str, quote: str, nth: int = 0) -> Anchor:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return anchor_for(text, start, start + len(quote))


def placed_text(placement: Placement, text: str) -> str:
    assert placement.placed, placement
    return text[placement.start : placement.end]


def sentence_containing(text: str, offset: int) -> tuple[int, int]:
    return next((s, e) for s, e in sentences(text) if s <= offset < e)


# --- Anchors -----------------------------------------------------------------------------------


def test_an_anchor_keeps_the_quote_and_its_context_in_characters():
    a = anchor_on(LETTER, SENTENCE)
    assert a.quote == SENTENCE
    assert LETTER[a.start : a.end] == SENTENCE
    assert a.prefix == LETTER[: a.start]  # the sentence before, shorter than the context
    assert a.suffix == LETTER[a.end : a.end + 32] and len(a.suffix) == 32
    # Hangul syllables count one each: offsets index the Python string.
    assert a.end - a.start == len(SENTENCE) == 24


def test_context_is_cut_at_the_edges_of_the_text():
    a = anchor_for("첫 문장입니다.", 0, 2, context=32)
    assert (a.prefix, a.quote, a.suffix) == ("", "첫 ", "문장입니다.")
    b = anchor_for("abc", 1, 3, context=1)
    assert (b.prefix, b.quote, b.suffix) == ("a", "bc", "")


def test_nothing_is_normalised_when_an_anchor_is_stored():
    text = "두 칸  띄운\u3000문장과\n줄바꿈"
    a = anchor_for(text, 0, len(text))
    assert a.quote == text


@pytest.mark.parametrize(
    ("start", "end"),
    [(3, 3), (5, 2), (-1, 2), (0, len(LETTER) + 1), (len(LETTER), len(LETTER) + 1)],
)
def test_empty_or_out_of_range_selections_are_refused(start, end):
    with pytest.raises(ValueError, match="selection"):
        anchor_for(LETTER, start, end)


def test_a_selection_of_only_whitespace_is_refused():
    at = LETTER.index("\n\n")
    with pytest.raises(ValueError, match="whitespace"):
        anchor_for(LETTER, at, at + 2)


def test_an_anchor_must_be_consistent():
    with pytest.raises(ValueError):
        Anchor(quote="문장", prefix="", suffix="", start=0, end=3)
    with pytest.raises(ValueError):
        Anchor(quote="  ", prefix="", suffix="", start=0, end=2)


# --- Placing on the member's later versions ----------------------------------------------------


def test_on_the_unchanged_text_the_comment_is_exact():
    a = anchor_on(LETTER, SENTENCE)
    assert locate(a, LETTER) == Placement("exact", a.start, a.end, 1.0)


def test_a_new_paragraph_above_moves_the_comment_with_its_sentence():
    a = anchor_on(LETTER, SENTENCE)
    edited = "지원 동기부터 말씀드리겠습니다. 저는 어릴 때부터 축제를 좋아했습니다.\n\n" + LETTER
    p = locate(a, edited)
    assert p.kind == "moved"
    assert placed_text(p, edited) == SENTENCE
    assert p.start == a.start + edited.index(LETTER)


def test_a_paragraph_inserted_right_before_the_sentence_does_not_lose_it():
    """The prefix is entirely new; the suffix and a distinctive quote still place it."""
    a = anchor_on(LETTER, SENTENCE)
    at = a.start
    edited = (
        LETTER[:at] + "\n\n새로 쓴 문단이 여기에 들어갑니다. 내용이 꽤 깁니다.\n\n" + LETTER[at:]
    )
    p = locate(a, edited)
    assert p.kind == "moved" and placed_text(p, edited) == SENTENCE


def test_text_appended_after_it_keeps_the_comment_exact():
    a = anchor_on(LETTER, "그 출발점입니다.")
    assert a.suffix == ""
    edited = LETTER + "\n\n끝으로, 함께 일할 날을 기대합니다."
    assert locate(a, edited) == Placement("exact", a.start, a.end, 1.0)


def test_a_changed_word_in_its_sentence_places_it_fuzzily_on_that_sentence():
    a = anchor_on(LETTER, SENTENCE)
    edited = LETTER.replace("스무 명의", "서른 명의")
    p = locate(a, edited)
    assert p.kind == "fuzzy" and 0.75 <= p.score < 1
    assert placed_text(p, edited) == "서른 명의 회원과 함께 축제를 준비했습니다."
    s, e = sentence_containing(edited, p.start)
    assert s <= p.start < p.end <= e


def test_a_changed_word_in_a_phrase_stays_within_the_phrase_sentence():
    a = anchor_on(LETTER, "회원과 함께 축제를")
    edited = LETTER.replace("함께 축제를", "같이 축제를")
    p = locate(a, edited)
    assert p.kind == "fuzzy"
    assert placed_text(p, edited) == "회원과 같이 축제를"


def test_the_sentence_deleted_makes_the_comment_outdated_with_its_original_quote():
    a = anchor_on(LETTER, SENTENCE)
    edited = LETTER.replace(SENTENCE + " ", "")
    p = locate(a, edited)
    assert p == Placement("outdated", reason="gone")
    assert (p.start, p.end) == (None, None)
    assert a.quote == SENTENCE  # what the member is shown under "이전 버전에 달린 의견"


def test_a_rewritten_sentence_is_outdated():
    a = anchor_on(LETTER, SENTENCE)
    edited = LETTER.replace(SENTENCE, "축제 준비 과정에서 예산이 부족해 후원사를 직접 찾았습니다.")
    assert locate(a, edited).kind == "outdated"


def test_a_sibling_sentence_elsewhere_never_takes_a_deleted_sentences_comment():
    text = (
        "첫 학기에는 학회 활동에 집중했습니다. 저는 팀 프로젝트에서 일정 관리를 맡았습니다. "
        "매주 회의록을 남겼습니다.\n\n"
        "인턴십에서는 다른 역할을 해 보고 싶었습니다. 저는 팀 프로젝트에서 예산 관리를 맡았습니다. "
        "지출 내역을 정리했습니다."
    )
    a = anchor_on(text, "저는 팀 프로젝트에서 일정 관리를 맡았습니다.")
    edited = text.replace("저는 팀 프로젝트에서 일정 관리를 맡았습니다. ", "")
    assert locate(a, edited).kind == "outdated"


@pytest.mark.parametrize("sibling_after", [True, False])
def test_a_sibling_sentence_next_to_a_deleted_one_does_not_inherit_its_comment(sibling_after):
    """The sibling keeps one of the deleted sentence's neighbours, and was itself its context."""
    quote = "저는 팀 프로젝트에서 일정 관리를 맡았습니다."
    sibling = "저는 팀 프로젝트에서 예산 관리를 맡았습니다."
    pair = f"{quote} {sibling}" if sibling_after else f"{sibling} {quote}"
    text = f"첫 학기에는 학회 활동에 집중했습니다. {pair} 매주 회의록을 남겼습니다."
    a = anchor_on(text, quote)
    edited = text.replace(quote + " ", "") if sibling_after else text.replace(" " + quote, "")
    assert sibling in edited and quote not in edited
    assert locate(a, edited).kind == "outdated"


def test_the_same_sentence_twice_is_told_apart_by_its_context():
    text = (
        "첫 프로젝트는 재고 관리 시스템이었습니다. 끝까지 책임졌습니다. 배포까지 맡았습니다.\n"
        "두 번째는 사내 메신저 봇이었습니다. 끝까지 책임졌습니다. 사용자가 백 명을 넘었습니다."
    )
    a = anchor_on(text, "끝까지 책임졌습니다.", nth=1)
    edited = "프로젝트 두 개를 소개합니다.\n" + text
    p = locate(a, edited)
    assert p.kind == "moved"
    assert p.start == edited.index("끝까지 책임졌습니다.", edited.index("메신저"))


def test_the_same_sentence_twice_without_telling_context_is_outdated():
    text = "처음 문단입니다. 끝까지 책임졌습니다. 마지막 문단입니다."
    a = anchor_on(text, "끝까지 책임졌습니다.")
    edited = (
        "새 이야기를 씁니다. 끝까지 책임졌습니다. 다른 이야기입니다.\n"
        "또 다른 시작입니다. 끝까지 책임졌습니다. 전혀 다른 끝입니다."
    )
    assert locate(a, edited) == Placement("outdated", reason="ambiguous")


def test_a_copied_paragraph_is_told_apart_by_what_follows_it():
    a = anchor_on(LETTER, SENTENCE)
    paragraph = LETTER[: LETTER.index("\n\n")]
    edited = "머리말입니다.\n\n" + paragraph + "\n\n" + LETTER
    p = locate(a, edited)
    assert p.kind == "moved" and p.start == edited.index(SENTENCE, 40)


def test_a_letter_pasted_twice_makes_its_comments_ambiguous_not_guessed():
    a = anchor_on(LETTER, SENTENCE)
    edited = "머리말입니다.\n\n" + LETTER + "\n\n" + LETTER
    assert locate(a, edited) == Placement("outdated", reason="ambiguous")


def test_a_short_quote_is_placed_by_its_context_only():
    text = "저는 성실합니다. 저는 꼼꼼합니다. 저는 끈기가 있습니다."
    a = anchor_on(text, "저는", nth=1)
    p = locate(a, "요약: " + text)
    assert p.kind == "moved" and p.start == a.start + len("요약: ")
    # Both sides rewritten: a two-character quote is no evidence on its own.
    assert locate(a, "저는 바다를 좋아합니다. 다른 말입니다.").kind == "outdated"


def test_a_short_quote_whose_sentence_is_deleted_does_not_slide_to_the_next_one():
    text = "지원 동기입니다. 저는 성실합니다. 저는 꼼꼼합니다."
    a = anchor_on(text, "저는", nth=0)
    edited = text.replace("저는 성실합니다. ", "")
    assert locate(a, edited).kind == "outdated"


def test_a_quote_over_a_whole_paragraph_is_bounded_work():
    paragraph = "".join(
        f"{word(n, 1)} 과제에서 {word(n, 2)} 역할을 맡았습니다. " for n in range(40)
    ).strip()
    text = "".join(f"{word(n, 9)} 문단의 첫 문장입니다. " for n in range(40)) + "\n\n" + paragraph
    a = anchor_on(text, paragraph)
    edited = text.replace("과제에서", "프로젝트에서", 3)
    began = time.perf_counter()
    p = locate(a, edited)
    assert time.perf_counter() - began < 2
    assert p.kind == "fuzzy" and edited[p.start : p.end].startswith(word(0, 1))


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("명의 회원과", "명의  회원과"),
        lambda t: t.replace("회원과 함께", "회원과\n함께"),
        lambda t: t.replace(" ", "\u3000"),
        lambda t: t.replace("\n\n", "\n \n\n"),
    ],
    ids=["double space", "line break", "ideographic spaces", "blank lines"],
)
def test_whitespace_changes_do_not_lose_the_comment(edit):
    a = anchor_on(LETTER, SENTENCE)
    edited = edit(LETTER)
    p = locate(a, edited)
    assert p.kind in {"exact", "moved"}
    assert normalize_whitespace(placed_text(p, edited)) == normalize_whitespace(SENTENCE)


def test_mixed_korean_and_latin_text():
    a = anchor_on(LETTER, "Python과 SQL로 만든 ETL 파이프라인")
    edited = LETTER.replace("Python과 SQL로", "Python과 Spark로")
    p = locate(a, edited)
    assert p.kind == "fuzzy"
    assert placed_text(p, edited) == "Python과 Spark로 만든 ETL 파이프라인"


def test_korean_sentences_end_at_punctuation_and_line_breaks():
    text = "했습니다.그리고 갔어요! 정말인가요? 네\n아니요. 3.5점입니다"
    assert [text[s:e] for s, e in sentences(text)] == [
        "했습니다.",
        "그리고 갔어요!",
        "정말인가요?",
        "네",
        "아니요.",
        "3.5점입니다",
    ]


def test_locate_all_places_each_comment_in_order():
    quotes = [SENTENCE, "책임감을 배웠습니다.", "고객의 목소리를", "그 출발점입니다."]
    anchors = [anchor_on(LETTER, q) for q in quotes]
    edited = "새 문단.\n\n" + LETTER.replace("고객의 목소리를 먼저 듣는 ", "")
    placements = locate_all(anchors, edited)
    assert [p.kind for p in placements] == ["moved", "moved", "outdated", "moved"]
    assert placements == [locate(a, edited) for a in anchors]


def word(n: int, k: int) -> str:
    """Three Hangul syllables that differ from paragraph to paragraph."""
    return "".join(chr(0xAC00 + (n * 7919 + k * 104729 + i * 31) % 11172) for i in range(3))


def test_a_long_letter_with_many_comments_is_placed_quickly():
    text = "".join(
        f"저는 {word(n, 1)} 프로젝트에서 {word(n, 2)} 파이프라인을 설계했습니다. "
        f"{word(n, 3)} 처리 시간을 {n}분 줄였습니다. "
        f"팀원 {word(n, 4)}와 함께 {word(n, 5)} 문화를 만들었습니다.\n\n"
        for n in range(64)
    )
    assert len(text) > 5000
    anchors = [anchor_on(text, f"{word(n, 3)} 처리 시간을 {n}분 줄였습니다.") for n in range(64)]
    edited = "맨 앞에 새 문단을 넣었습니다.\n\n" + text.replace("줄였습니다", "단축했습니다")
    began = time.perf_counter()
    placements = locate_all(anchors, edited)
    assert time.perf_counter() - began < 5
    assert {p.kind for p in placements} == {"fuzzy"}
    for n, p in enumerate(placements):
        assert edited[p.start : p.end] == f"{word(n, 3)} 처리 시간을 {n}분 단축했습니다."


# --- Properties --------------------------------------------------------------------------------

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None)
# Korean, Latin, punctuation and whitespace; no digits, so inserted digits are "unrelated text".
ALPHABET = "가나다라마바사요의는을 abcxyz.?!,\n\t\u3000"


def occurrences(text: str, needle: str) -> int:
    """Occurrences of `needle` in `text`, overlapping ones included."""
    return sum(text.startswith(needle, i) for i in range(len(text)))


@st.composite
def text_and_selection(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=300))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@PROPERTY
@given(text_and_selection())
def test_on_unchanged_text_every_selection_is_exact_at_its_offsets(case):
    text, start, end = case
    if not text[start:end].strip():
        return
    a = anchor_for(text, start, end)
    assert locate(a, text) == Placement("exact", start, end, 1.0)


@PROPERTY
@given(text_and_selection(), st.text(alphabet="0123456789", min_size=1, max_size=80))
def test_with_unrelated_text_inserted_before_the_placement_is_the_quote(case, inserted):
    text, start, end = case
    if not text[start:end].strip():
        return
    a = anchor_for(text, start, end)
    edited = inserted + text
    p = locate(a, edited)
    core = normalize_whitespace(a.quote.strip())
    if occurrences(normalize_whitespace(text), core) == 1:
        assert p.kind == "moved"
        assert (p.start, p.end) == (start + len(inserted), end + len(inserted))
        assert edited[p.start : p.end] == a.quote
    elif p.placed:
        # Never on other words: at most a whitespace variant of the quote.
        assert normalize_whitespace(edited[p.start : p.end].strip()) == core
