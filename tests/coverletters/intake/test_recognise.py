"""The question recogniser on question texts as postings print them (cases.py: the cases the
rules were written against; held_out.py: cases written afterwards)."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coverletters.intake.recognise import recognise
from coverletters.models import LimitUnit
from tests.coverletters.intake.cases import CASES
from tests.coverletters.intake.held_out import HELD_OUT, ROUND_TWO


def _found(text):
    return [(q.prompt, q.limit, str(q.unit)) for q in recognise(text)]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_recognises_the_questions_their_limits_and_how_they_count(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [c[1:] for c in HELD_OUT + ROUND_TWO],
    ids=[c[0] for c in HELD_OUT + ROUND_TWO],
)
def test_recognises_shapes_written_after_the_rules(text, expected):
    assert _found(text) == expected


def hit_rate(cases) -> tuple[float, float, int]:
    """Share of expected questions whose prompt, and whose (limit, unit), came out exactly."""
    total = prompts = limits = 0
    for _name, text, expected in cases:
        found = _found(text)
        for i, (prompt, limit, unit) in enumerate(expected):
            total += 1
            got = found[i] if i < len(found) else None
            prompts += bool(got and got[0] == prompt)
            limits += bool(got and got[1:] == (limit, unit))
    return prompts / total, limits / total, total


def test_hit_rate_is_reported(capsys):
    """First runs, before any rule was changed for them: HELD_OUT prompts 16/20 (80 %),
    limits and units 20/20 (100 %); ROUND_TWO prompts 25/34 (74 %), limits and units 33/34
    (97 %). The rules were then extended (held_out.py says how); the figures printed here
    are after that."""
    for label, cases in (
        ("first set", CASES),
        ("held out", HELD_OUT),
        ("round two", ROUND_TWO),
    ):
        prompt_rate, limit_rate, total = hit_rate(cases)
        with capsys.disabled():
            print(
                f"\nrecogniser, {label}: {total} questions in {len(cases)} texts; "
                f"prompts {prompt_rate:.0%}, limits and units {limit_rate:.0%}"
            )
        assert total >= 20
    assert len(CASES) + len(HELD_OUT) + len(ROUND_TWO) >= 30


def test_nothing_recognisable_gives_no_question():
    assert recognise("") == []
    assert recognise("  \n ") == []
    assert recognise("그냥 메모\n두 줄") == []


def test_required_and_minimum_are_read_too():
    first, second = recognise("[필수] 지원 동기 (최소 300자, 최대 800자)\n[선택] 기타 (300자)")
    assert (first.required, first.minimum, first.limit) == (True, 300, 800)
    assert second.required is False


@pytest.mark.parametrize(
    "text",
    [
        "1" * 20000,  # an unbounded digit run once made the limit patterns quadratic (87 s)
        "1,000" * 4000,
        "(" * 10000 + ")" * 10000,
        "공백 " * 5000,
        "1~" * 10000,
        "1. " + "가" * 19990,
    ],
    ids=["digits", "commas", "brackets", "space-words", "tildes", "one-long-question"],
)
def test_pathological_pastes_are_read_without_error(text):
    for question in recognise(text):
        assert question.limit is None or question.limit >= 10


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", 25)), derandomize=True)
@given(st.text(max_size=400))
def test_any_text_gives_well_formed_questions(text):
    for question in recognise(text):
        assert question.prompt and question.prompt == question.prompt.strip()
        assert question.unit in LimitUnit.values
        assert question.limit is None or 10 <= question.limit <= 9_999_999
