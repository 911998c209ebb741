"""The approved templates, as data: one TOML file per template in messaging/approved/.

A KakaoTalk 알림톡 is sent only from a template the provider approved; the provider substitutes
the `#{변수}`s and refuses content that differs from what it approved (-3010). So the text lives
in the repository exactly as it was submitted for approval, and nothing is sent that does not
render from it: `Template.render` refuses a missing or unexpected variable before any HTTP call.

    code = "LMOFFER01"                   # the provider's templateCode (≤20)
    kinds = ["recruiting.offer"]         # notification kinds sent with it
    channel = "alimtalk"                 # or "brand" (advertising, never 알림톡)
    advertising = false
    text = '''[라이프멘토] ...#{회사}...'''
    [[buttons]]
    type = "WL"
    name = "확인하기"
    url = "#{링크}"                      # a path variable; the site's address is put in front
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

APPROVED = Path(__file__).resolve().parent / "approved"
VARIABLE = re.compile(r"#\{([^{}]+)\}")
# 알림톡: at most 1,000 characters of content (the provider's limit); variables at most
# VARIABLE_MAX characters each, so a rendered message stays inside the approved shape.
CONTENT_MAX = 1000
VARIABLE_MAX = 300


class TemplateError(ValueError):
    """A message does not fit its approved template; nothing is sent."""


@dataclass(frozen=True)
class Button:
    type: str  # "WL" web link
    name: str
    url: str  # may hold variables


@dataclass(frozen=True)
class Template:
    code: str
    title: str
    kinds: tuple[str, ...]
    channel: str
    advertising: bool
    text: str
    buttons: tuple[Button, ...] = ()

    @property
    def variables(self) -> frozenset[str]:
        found = set(VARIABLE.findall(self.text))
        for button in self.buttons:
            found.update(VARIABLE.findall(button.url))
        return frozenset(found)

    def check(self, params: dict) -> None:
        given = set(params)
        if given != self.variables:
            missing = sorted(self.variables - given)
            extra = sorted(given - self.variables)
            raise TemplateError(
                f"{self.code}: variables do not match (missing {missing}, unexpected {extra})"
            )
        for name, value in params.items():
            if not isinstance(value, str) or not value.strip():
                raise TemplateError(f"{self.code}: #{{{name}}} is empty or not text")
            if len(value) > VARIABLE_MAX:
                raise TemplateError(f"{self.code}: #{{{name}}} is longer than {VARIABLE_MAX}")

    def render(self, params: dict) -> str:
        """The content the recipient's phone shows, as the provider will substitute it."""
        self.check(params)
        content = VARIABLE.sub(lambda m: params[m.group(1)], self.text)
        if len(content) > CONTENT_MAX:
            raise TemplateError(f"{self.code}: content is longer than {CONTENT_MAX}")
        return content

    def render_buttons(self, params: dict) -> list[dict]:
        self.check(params)
        return [
            {
                "type": b.type,
                "name": b.name,
                "url": VARIABLE.sub(lambda m: params[m.group(1)], b.url),
            }
            for b in self.buttons
        ]


def _load(path: Path) -> Template:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    template = Template(
        code=data["code"],
        title=data["title"],
        kinds=tuple(data.get("kinds", ())),
        channel=data.get("channel", "alimtalk"),
        advertising=bool(data.get("advertising", False)),
        text=data["text"].strip("\n"),
        buttons=tuple(Button(**b) for b in data.get("buttons", ())),
    )
    if path.stem != template.code:
        raise TemplateError(f"{path.name}: the file must be named after its code")
    if len(template.code) > 20:
        raise TemplateError(f"{template.code}: a template code is at most 20 characters")
    if template.advertising and template.channel == "alimtalk":
        raise TemplateError(f"{template.code}: advertising is never sent as 알림톡")
    if template.channel == "brand" and not template.advertising:
        # A brand message is the advertising channel: unmarked, it would skip every 제50조 check.
        raise TemplateError(f"{template.code}: a brand message is advertising; mark it so")
    return template


@cache
def templates() -> dict[str, Template]:
    found = {}
    for path in sorted(APPROVED.glob("*.toml")):
        template = _load(path)
        found[template.code] = template
    return found


def template(code: str) -> Template:
    try:
        return templates()[code]
    except KeyError:
        raise TemplateError(f"no approved template {code!r}") from None


@cache
def templates_by_kind() -> dict[str, Template]:
    by_kind: dict[str, Template] = {}
    for t in templates().values():
        for kind in t.kinds:
            if kind in by_kind:
                raise TemplateError(f"kind {kind!r} has two templates")
            by_kind[kind] = t
    return by_kind


def template_for_kind(kind: str) -> Template | None:
    """The template a notification kind is sent with; None: that kind stays in-app only."""
    by_kind = templates_by_kind()
    if kind in by_kind:
        return by_kind[kind]
    # "consulting.accepted" falls back to a template declared for "consulting.*".
    prefix = kind.split(".", 1)[0] + ".*"
    return by_kind.get(prefix)
