"""Staff screens show members' data masked: 010-****-1357, 김**, the first characters of text."""

import datetime

import pytest

from privacy.staff.masking import mask_date, mask_name, mask_phone, mask_text, mask_value


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("010-2846-1357", "010-****-1357"),
        ("010 2846 1357", "010-****-1357"),
        ("01028461357", "010-****-1357"),
        ("010-123-4567", "010-***-4567"),
        ("02-123-4567", "02-***-4567"),
        ("+82 10-2846-1357", "+82-**-****-1357"),
        ("12345", "*2345"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_keeps_the_prefix_and_the_last_four_digits(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("독고진", "독**"), ("김지원", "김**"), ("남궁민수", "남***"), ("이", "*"), ("", "")],
)
def test_name_keeps_only_the_first_character(raw, masked):
    assert mask_name(raw) == masked


def test_free_text_shows_a_few_characters_and_its_length():
    text = "학생회 활동에서 예산 집행을 맡아 투명하게 공개한 경험이 있습니다."

    assert mask_text(text) == f"학생회 활…({len(text)}자)"


def test_short_text_never_shows_more_than_a_third():
    assert mask_text("한국대학교") == "한…(5자)"
    assert mask_text("경영") == "…(2자)"


def test_dates_are_fully_masked():
    assert mask_date(datetime.date(1999, 3, 14)) == "****-**-**"
    assert mask_date(None) == ""


def test_mask_value_chooses_by_value_and_field_name():
    assert mask_value("phone", "010-2846-1357") == "010-****-1357"
    assert mask_value("name", "박서준") == "박**"
    assert mask_value("birth_date", datetime.date(2000, 1, 1)) == "****-**-**"
    assert mask_value("ongoing", True) == "***"
    assert mask_value("tags", ["협업", "리더십"]) == "…(2개)"
    assert mask_value("kind", "intern", display="인턴") == "…(2자)"
    assert mask_value("school", "") == ""
