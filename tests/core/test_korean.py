import pytest

from core.korean import josa


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("이름", "을/를", "을"),
        ("희망 직무", "을/를", "를"),
        ("경험 제목", "을/를", "을"),
        ("경험의 종류", "을/를", "를"),
        ("자기소개서 제목", "은/는", "은"),
        ("지원 직무", "이/가", "가"),
        ("서울", "으로/로", "로"),  # ㄹ takes 로
        ("부산", "으로/로", "으로"),
        ("학교", "으로/로", "로"),
        ("SQL", "을/를", "을"),
        ("Java", "을/를", "를"),
        ("3", "을/를", "을"),
        ("2", "을/를", "를"),
        ("★", "을/를", "을(를)"),
    ],
)
def test_josa_fits_the_word(word, pair, expected):
    assert josa(word, pair) == expected
