"""Every page a member meets is well-formed, accessible HTML in Korean."""

from html.parser import HTMLParser

import pytest

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.inputs: list[tuple[str | None, bool]] = []  # (id, inside a <label>)
        self.h1 = 0
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag == "h1":
            self.h1 += 1
        if tag == "img" and "alt" not in a:
            self.problems.append("img without alt")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.inputs.append((a.get("id"), "label" in self.stack))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def audit(self) -> list[str]:
        problems = list(self.problems)
        if self.stack:
            problems.append(f"unclosed: {self.stack}")
        dupes = {i for i in self.ids if self.ids.count(i) > 1}
        if dupes:
            problems.append(f"duplicate ids: {dupes}")
        if self.lang != "ko":
            problems.append(f"html lang={self.lang!r}")
        if self.h1 != 1:
            problems.append(f"{self.h1} <h1> elements")
        for input_id, wrapped in self.inputs:
            if not wrapped and input_id not in self.label_for:
                problems.append(f"input {input_id!r} has no label")
        return problems


def audit(html: str) -> list[str]:
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    return parser.audit()


@pytest.mark.parametrize("url", ["/", "/privacy/policy/"])
def test_public_pages_are_well_formed_and_labelled(client, db, url):
    assert audit(client.get(url).content.decode()) == []


@pytest.mark.parametrize("url", ["/home/", "/accounts/me/", "/accounts/withdraw/"])
def test_member_pages_are_well_formed_and_labelled(client, member, url):
    client.force_login(member)

    assert audit(client.get(url).content.decode()) == []


def test_sign_in_pages_are_well_formed_and_labelled(kakao, client):
    params = kakao.start()
    fake_kakao = client.get("/fake-kakao/kauth/oauth/authorize", {**params})
    assert audit(fake_kakao.content.decode()) == []

    kakao.callback(*kakao.authorize(params))
    consent_page = client.get("/accounts/3rdparty/signup/")
    assert audit(consent_page.content.decode()) == []
    refused = kakao.consent(membership=False)
    assert audit(refused.content.decode()) == []


def test_kakao_error_page_is_well_formed(kakao):
    response = kakao.sign_in(share_phone=False)

    assert audit(response.content.decode()) == []


def test_the_audit_itself_catches_broken_pages():
    problems = audit('<html lang="en"><body><input id="x"><div></span><p id="a"><p id="a"></body>')

    assert any("lang" in p for p in problems)
    assert any("no label" in p for p in problems)
    assert any("closes" in p for p in problems)
    assert any("duplicate ids" in p for p in problems)
    assert any("<h1>" in p for p in problems)
