"""Leftover placeholder text: what a template or a copy leaves for the member to fill in.

"OOO", "○○○", "XX회사", "[회사명]", "{회사}", "<기업명>", "귀사명", "TODO" and the like. Spans are
character offsets of each occurrence."""

from __future__ import annotations

import re

_LATIN = r"A-Za-z"
# What a bracketed slot says when it is a slot, not a subtitle: "[회사명]", "{지원 회사}",
# "<기업명>". Members write subtitles in brackets ("[지원동기] 고객의 불편에서 출발했어요"), so the
# whole content must be a slot name.
_SLOT = (
    r"\s*(?:(?:지원\s?)?(?:회사|기업|은행|기관|직무|부서|학교|귀사|당사)(?:\s?(?:명|이름))?"
    r"|이름|성명|날짜|숫자|입력|작성|내용\s?입력|여기에\s?입력|company|name)\s*"
)
_OPEN, _CLOSE = r"[\[{<【〈《「]", r"[\]}>】〉》」]"

PLACEHOLDER = re.compile(
    "|".join(
        [
            # OOO, OO전자, ○○○, XX회사, △△ — two or more in a row, not inside a Latin word.
            rf"(?<![{_LATIN}])(?-i:[OＯ]{{2,}}|X{{2,}}|[○◯●◎△□◇☆★]{{2,}}|ㅇ{{3,}})(?![{_LATIN}])",
            # [회사명], {회사}, <기업명>, 【직무】, 〈회사명〉 — the whole bracket is the slot
            rf"{_OPEN}{_SLOT}{_CLOSE}",
            r"귀사명|회사명|기업명|지원\s?회사명",
            rf"(?<![{_LATIN}])(?-i:TODO|TBD|FIXME|todo)(?![{_LATIN}])",
            r"\(작성\s?중\)|작성\s?예정|추후\s?작성|여기에\s?(?:입력|작성)|내용\s?입력",
        ]
    ),
    re.IGNORECASE,
)


def find_placeholders(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in PLACEHOLDER.finditer(text or "")]
