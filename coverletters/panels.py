"""Panels beside each answer in the editor, provided by apps above coverletters.

coverletters sits below the apps that comment on a letter (consulting), so it cannot ask them
for anything; they register a provider here instead (from their AppConfig.ready), the way the
domains register with privacy. A provider is called once per editor page with every question
of the letter and returns, per question, the panels it wants shown. It must cost a constant
number of queries for the whole page, never one per question or per row it shows: the editor's
query count is asserted with 1 and many questions (tests/coverletters/test_letters.py).

Slots: "below_answer" sits under the answer's textarea, "side" beside it (above the linked
experiences; under the answer on a phone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest

SLOTS = ("below_answer", "side")


@dataclass(frozen=True)
class Panel:
    """A panel is a template and its context, or markup its provider rendered already (`html`,
    safe: built with format_html), which spares the editor an {% include %} per question."""

    slot: str
    template: str = ""
    context: dict = field(default_factory=dict)
    html: str = ""

    def __post_init__(self):
        if self.slot not in SLOTS:
            raise ValueError(f"unknown editor slot {self.slot!r} (one of {SLOTS})")
        if not (self.template or self.html):
            raise ValueError("a panel needs a template or its rendered html")


ProviderFn = Callable[[HttpRequest, object, list], dict[int, list[Panel]]]


@dataclass(frozen=True)
class Provider:
    name: str
    fn: ProviderFn
    # Static files the page loads when this provider shows at least one panel.
    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()


_providers: dict[str, Provider] = {}


def register(
    name: str, *, scripts: Iterable[str] = (), styles: Iterable[str] = ()
) -> Callable[[ProviderFn], ProviderFn]:
    """Decorator: `fn(request, cover_letter, questions) -> {question.pk: [Panel, ...]}`.
    Registering a name again replaces it (a reloaded module registers once)."""

    def decorate(fn: ProviderFn) -> ProviderFn:
        _providers[name] = Provider(name, fn, tuple(scripts), tuple(styles))
        return fn

    return decorate


def providers() -> list[Provider]:
    return list(_providers.values())


@dataclass
class EditorPanels:
    """What the editor page renders: per question and slot, the panels; and the static files
    of the providers that showed something."""

    by_question: dict[int, dict[str, list[Panel]]]
    scripts: list[str]
    styles: list[str]

    def of(self, question_pk: int) -> dict[str, list[Panel]]:
        return self.by_question.get(question_pk) or {slot: [] for slot in SLOTS}


def editor_panels(request: HttpRequest, cover_letter, questions: list) -> EditorPanels:
    by_question: dict[int, dict[str, list[Panel]]] = {
        q.pk: {slot: [] for slot in SLOTS} for q in questions
    }
    scripts: list[str] = []
    styles: list[str] = []
    for provider in _providers.values():
        shown = False
        for pk, panels in (provider.fn(request, cover_letter, questions) or {}).items():
            if pk not in by_question:
                continue  # not a question of this letter
            for panel in panels:
                by_question[pk][panel.slot].append(panel)
                shown = True
        if shown:
            scripts += [s for s in provider.scripts if s not in scripts]
            styles += [s for s in provider.styles if s not in styles]
    return EditorPanels(by_question, scripts, styles)
