"""How long an answer is — the one definition the server uses and static/js/counter.js mirrors.

Korean application forms limit answers in one of four ways, and members need all four:
- with_spaces: characters including spaces and line breaks (공백 포함)
- without_spaces: characters excluding whitespace (공백 제외)
- utf8_bytes: UTF-8 bytes (Hangul syllables are 3 bytes)
- korean_bytes: the legacy 2-bytes-per-Hangul count (EUC-KR style): ASCII is 1 byte, every
  other character 2 bytes.

Decisions, kept identical in the JavaScript twin:
- A character is a Unicode code point. An emoji made of several code points (👨‍👩‍👧 is five)
  counts as several, like most form counters (which count UTF-16 units and would say 8).
- Line breaks are normalised to "\n" first: browsers submit a textarea's line breaks as
  "\r\n", yet every counter shows one character per line break.
- Whitespace is the explicit set WHITESPACE below, not the language's own notion, so Python and
  JavaScript agree on every character.
"""

from dataclasses import asdict, dataclass

WHITESPACE = frozenset(
    " \t\n\r\f\v"
    "\u00a0"  # no-break space
    "\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f"
    "\u3000"  # ideographic (full-width) space
    "\ufeff"
)

UNITS = ("with_spaces", "without_spaces", "utf8_bytes", "korean_bytes")


@dataclass(frozen=True)
class Counts:
    with_spaces: int
    without_spaces: int
    utf8_bytes: int
    korean_bytes: int

    def of(self, unit: str) -> int:
        return getattr(self, unit)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def count(text: str) -> Counts:
    # The same rules as a loop over code points, done by str methods in C: the editor and the
    # answer library count every answer they show, and a Python loop cost a millisecond each.
    text = normalize_newlines(text)
    length = len(text)
    ascii_chars = len(text.encode("ascii", "ignore"))
    spaces = sum(text.count(ch) for ch in WHITESPACE) if length else 0
    # surrogatepass: a lone surrogate (U+D800..DFFF) is 3 bytes, as code < 0x10000 says.
    utf8 = len(text.encode("utf-8", "surrogatepass"))
    return Counts(length, length - spaces, utf8, 2 * length - ascii_chars)


def is_over(text: str, limit: int | None, unit: str) -> bool:
    return bool(limit) and count(text).of(unit) > limit
