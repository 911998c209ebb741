"""Leftover placeholder text: what a template or a copy leaves for the member to fill in.

"OOO", "○○○", "XX회사", "[회사명]", "{회사}", "<기업명>", "귀사명", "TODO" and the like. Spans are
character offsets of each occurrence."""

from __future__ import annotations

import re

_LATIN = r"A-Za-z"
_SLOT_WORDS = (
    r"회사|기업|은행|사명|직무|부서|이름|성명|지원|입력|작성|내용|제목|숫자|날짜|기관|학교"
)

PLACEHOLDER = re.compile(
    "|".join(
        [
            # OOO, OO전자, ○○○, XX회사, △△ — two or more in a row, not inside a Latin word.
            rf"(?<![{_LATIN}])(?:[OＯ]{{2,}}|[X]{{2,}}|[○◯●◎△□◇☆★]{{2,}}|[ㅇ]{{3,}})(?![{_LATIN}])",
            # [회사명], {회사}, <기업명>, 【직무】, 〈회사명〉, ((회사명))
            rf"[\[{{<【〈《「]\s*[^\[\]{{}}<>【】〈〉《》「」\n]{{0,12}}(?:{_SLOT_WORDS})[^\[\]{{}}<>【】〈〉《》「」\n]{{0,6}}\s*[\]}}>】〉》」]",
            r"귀사명|회사명|기업명|지원\s?회사명",
            rf"(?<![{_LATIN}])(?:TODO|TBD|FIXME|todo)(?![{_LATIN}])",
            r"\(작성\s?중\)|작성\s?예정|추후\s?작성|여기에\s?(?:입력|작성)|내용\s?입력",
        ]
    )
)


def find_placeholders(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in PLACEHOLDER.finditer(text or "")]
