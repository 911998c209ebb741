import pytest

from coverletters.counting import count, is_over
from tests.coverletters.samples import SAMPLES


@pytest.mark.parametrize(("text", "with_spaces", "without_spaces", "utf8", "korean"), SAMPLES)
def test_counts_match_hand_checked_samples(text, with_spaces, without_spaces, utf8, korean):
    counts = count(text)

    assert (counts.with_spaces, counts.without_spaces, counts.utf8_bytes, counts.korean_bytes) == (
        with_spaces,
        without_spaces,
        utf8,
        korean,
    )


def test_over_limit_uses_the_questions_unit():
    text = "가나다 라마"  # 6 with spaces, 5 without, 15 UTF-8 bytes, 11 Korean bytes

    assert is_over(text, 5, "with_spaces")
    assert not is_over(text, 5, "without_spaces")
    assert is_over(text, 14, "utf8_bytes")
    assert not is_over(text, 11, "korean_bytes")
    assert not is_over(text, None, "with_spaces")
