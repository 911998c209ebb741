"""The editor's markup for each question, built in Python with format_html.

Through the template language, fifty questions cost more than the rest of the editor together
(issue 16): a dozen variables, four links and a counter each. What is here is the markup
templates/coverletters/detail.html wrote, kept lean (the answer text once, in its textarea;
the parts only the script uses are in the page once, #answer-parts, copied by editor.js); the
panels other apps provide stay templates, rendered between `top` and `bottom`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.html import esc
from core.paths import pk_paths
from coverletters.counting import count
from coverletters.models import LimitUnit

_URLS = {
    "edit": "coverletters:question_edit",
    "versions": "coverletters:versions",
    "move": "coverletters:question_move",
    "delete": "coverletters:question_delete",
    "answer": "coverletters:answer_save",
    "spelling": "coverletters:spelling_hints",
    "experiences": "coverletters:question_experiences",
}
UNIT_LABELS = dict(LimitUnit.choices)
COUNTED = (
    ("with_spaces", "공백 포함 ", "자"),
    ("without_spaces", "공백 제외 ", "자"),
    ("utf8_bytes", "", "바이트"),
    ("korean_bytes", "한글 2바이트 기준 ", "바이트"),
)
STAR = (
    ("star_situation", "상황"),
    ("star_task", "과제"),
    ("star_action", "행동"),
    ("star_result", "결과"),
)

TOP = (
    '<section class="card question" id="q-{pk}" aria-labelledby="q-{pk}-title">'
    '<div class="question-head">'
    '<h3 id="q-{pk}-title"><span class="qnum">문항 {n}</span> {prompt}</h3>'
    '<div class="question-tools"><a href="{edit}">수정</a> <a href="{versions}">버전 기록</a>\n'
    '<button class="button link" type="submit" form="question-move" formaction="{move}" '
    'name="dir" value="up"{up} aria-label="문항 {n} 위로">위로</button>\n'
    '<button class="button link" type="submit" form="question-move" formaction="{move}" '
    'name="dir" value="down"{down} aria-label="문항 {n} 아래로">아래로</button>\n'
    '<a href="{delete}">삭제</a></div></div>\n'
    '<div class="question-body"><div class="question-main">\n'
    '<form method="post" action="{answer}" class="answer-form" data-answer-form '
    'data-question="{pk}" data-limit="{limit}" data-unit="{unit}"{session}>{csrf}\n'
    '<input type="hidden" name="revision" value="{revision}" data-revision>\n'
    '<label for="answer-{pk}" class="sr-only">문항 {n} 답변</label>\n'
    '<textarea id="answer-{pk}" name="answer" rows="10" maxlength="20000" data-answer '
    'placeholder="여기에 답변을 쓰면 자동으로 저장돼요.">{text}</textarea>\n'
    '<p class="counter{over_class}" data-counter aria-live="off">{counts}{limit_label}</p>\n'
    '<div class="answer-actions"><p class="save-state" data-save-state role="status" '
    'aria-live="polite">{state}</p> '
    '<button class="button secondary" type="submit" data-save-now>지금 저장</button></div></form>\n'
    '<div class="spelling" data-spelling data-for="answer-{pk}" data-url="{spelling}"></div>\n'
)
BOTTOM = (
    '<aside class="linked" aria-label="문항 {n}에 연결한 경험"><h4>연결한 경험</h4>\n'
    '{linked}<a href="{experiences}">경험 연결하기</a></aside></div></div>\n</section>'
)
PRIMARY = SafeString(' class="primary"')
NOTHING_LINKED = SafeString(
    '<p class="meta">이 문항에 쓸 경험을 연결하면 여기서 보면서 쓸 수 있어요.</p>\n'
)


def letter_row(row) -> SafeString:
    """One row of the cover-letter list (selectors.LetterRow)."""
    letter = row.letter
    company = f"{esc(letter.company)} · " if letter.company else ""
    deadline = f"마감 {esc(row.deadline_label)}" if row.deadline_label else "마감일 없음"
    dday = ""
    if row.dday:
        kind = " closed" if row.dday == "마감" else " today" if row.dday == "D-Day" else ""
        dday = f'<span class="dday{kind}">{esc(row.dday)}</span>'
    return SafeString(
        f'<li><div class="letter-row"><div>'
        f'<a class="item-link" href="{esc(row.url)}">{esc(letter.title)}</a>'
        f'<p class="meta">{company}{esc(letter.job_title)} · 문항 {row.question_count}개</p>'
        f'<p class="meta">{deadline} · {esc(row.updated_label)} 수정</p>'
        f"</div>{dday}</div></li>"
    )


@dataclass(frozen=True)
class Page:
    """What every question's markup shares: its URLs (pk -> path), the CSRF input, where
    autosave asks for a fresh token."""

    urls: dict[str, Callable[[object], str]]
    csrf: str
    session_url: str


def page(csrf: str) -> Page:
    urls = {k: pk_paths(name) for k, name in _URLS.items()}
    return Page(urls, csrf, reverse("coverletters:autosave_session"))


def question_top(question, n: int, *, first: bool, last: bool, page: Page) -> SafeString:
    """From the section's start to the spelling hints, inside .question-main."""
    urls = {k: path(question.pk) for k, path in page.urls.items()}
    unit, limit = question.limit_unit, question.limit
    counts = count(question.answer)  # once: the counter shows four units and whether it is over
    over = bool(limit) and counts.of(unit) > limit
    return format_html(
        TOP,
        pk=question.pk,
        n=n,
        prompt=linebreaksbr(question.prompt, autoescape=True),
        up=" disabled" if first else "",
        down=" disabled" if last else "",
        limit=limit or "",
        unit=unit,
        session=format_html(' data-session-url="{}"', page.session_url) if first else "",
        csrf=page.csrf,
        revision=question.revision,
        text=question.answer,
        over_class=" over" if over else "",
        counts=format_html_join(
            " ",
            '<span data-unit="{}"{}>{}<b data-count="{}">{}</b>{}</span>',
            (
                (key, PRIMARY if key == unit else "", before, key, counts.of(key), after)
                for key, before, after in COUNTED
            ),
        ),
        limit_label=format_html(
            ' <span class="limit">제한 {}{} <span data-over-label>{}</span></span>',
            limit,
            UNIT_LABELS.get(unit, unit),
            "· 초과했어요" if over else "",
        )
        if limit
        else "",
        state="저장됨" if question.answer else "아직 쓴 내용이 없어요",
        **{k: urls[k] for k in ("edit", "versions", "move", "delete", "answer", "spelling")},
    )


def question_bottom(question, n: int, *, page: Page) -> SafeString:
    """The linked experiences and the section's end, inside .question-side."""
    linked = [_linked(e) for e in question.experiences.all()]
    return format_html(
        BOTTOM,
        n=n,
        linked=SafeString("".join(linked)) if linked else NOTHING_LINKED,
        experiences=page.urls["experiences"](question.pk),
    )


def _linked(experience) -> str:
    if experience.has_star:
        body = format_html(
            '<dl class="star">{}</dl>',
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                (
                    (label, linebreaksbr(value, autoescape=True))
                    for name, label in STAR
                    if (value := getattr(experience, name))
                ),
            ),
        )
    elif experience.details:
        body = format_html("<p>{}</p>", linebreaksbr(experience.details, autoescape=True))
    else:
        body = ""
    return format_html(
        '<details class="linked-item"><summary>{}</summary>{}{}</details>\n',
        experience.title,
        format_html("<p>{}</p>", experience.summary) if experience.summary else "",
        body,
    )
