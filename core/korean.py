"""Small helpers for natural Korean text."""

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # final consonant index of ㄹ

# Latin letters and digits read aloud: does the reading end in a final consonant?
_LATIN_BATCHIM = set("LMNRlmnr")
_DIGIT_BATCHIM = set("013678")


def _final(word: str) -> int | None:
    """Final consonant index of the last syllable (0 = none), None if unknown."""
    for ch in reversed(word.strip()):
        code = ord(ch)
        if HANGUL_FIRST <= code <= HANGUL_LAST:
            return (code - HANGUL_FIRST) % 28
        if ch.isdigit():
            return 1 if ch in _DIGIT_BATCHIM else 0
        if ch.isalpha():
            return 1 if ch in _LATIN_BATCHIM else 0
        if ch in ")]』」":
            continue
        return None
    return None


def josa(word: str, pair: str) -> str:
    """The particle that fits `word`: josa("이름", "을/를") == "을", josa("직무", "을/를") == "를".

    `pair` is "with-final/without-final": 을/를, 이/가, 은/는, 과/와, 으로/로, 이에요/예요.
    """
    with_final, without_final = pair.split("/")
    final = _final(word)
    if final is None:
        return f"{with_final}({without_final})"
    if with_final == "으로":
        return "로" if final in (0, RIEUL) else "으로"
    return with_final if final else without_final
