"""Fixed Korean samples with hand-checked counts:
(text, with_spaces, without_spaces, utf8_bytes, korean_bytes)."""

SAMPLES = [
    ("", 0, 0, 0, 0),
    ("안녕하세요", 5, 5, 15, 10),
    ("안녕 하세요", 6, 5, 16, 11),
    ("Hello, 세계!", 10, 9, 14, 12),
    ("줄1\n줄2", 5, 4, 9, 7),
    ("줄1\r\n줄2", 5, 4, 9, 7),  # a textarea submits CRLF; it is still one line break
    ("😀 좋아요", 5, 4, 14, 9),
    ("Ａ\u3000Ｂ", 3, 2, 9, 6),  # full-width letters around an ideographic space
    ("똠방각하 𠀀", 6, 5, 17, 11),  # rare Hangul and a supplementary-plane Hanja
    ("👨\u200d👩\u200d👧", 5, 5, 18, 10),  # one family emoji is five code points
    ("a\tb", 3, 2, 3, 3),
    ("a\u00a0b", 3, 2, 4, 4),
    ("저는 문제를 해결했습니다.\n\n결과: 30% 개선", 26, 20, 56, 41),
]
