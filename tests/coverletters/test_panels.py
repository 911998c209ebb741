"""The editor's panel hook: apps above coverletters show panels beside an answer without
coverletters knowing them; a panel for a question of another letter is never shown, and a
provider's script loads only on pages where it shows something."""

import pytest

from coverletters import panels
from coverletters.panels import Panel
from tests.coverletters.conftest import make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    """A provider showing the panels this dict holds, by question pk (removed after)."""
    shown: dict[int, list[Panel]] = {}

    @panels.register("test.panel", scripts=("js/test-panel.js",))
    def fn(request, cover_letter, questions):
        return shown

    yield shown
    panels._providers.pop("test.panel")


def test_a_registered_panel_shows_beside_its_answer_with_its_script(client, member, provider):
    letter = make_letter(member, questions=2)
    first = letter.questions.first()
    provider[first.pk] = [Panel("side", "includes/field.html", {})]
    client.force_login(member)
    page = client.get(f"/coverletters/{letter.pk}/").content.decode()
    assert '<script src="/static/js/test-panel.js">' in page


def test_a_page_without_panels_loads_no_provider_script(client, member, provider):
    letter = make_letter(member, questions=1)
    client.force_login(member)
    page = client.get(f"/coverletters/{letter.pk}/").content.decode()
    assert "test-panel.js" not in page
    assert "consulting-feedback.js" not in page  # no feedback on this letter either


def test_panels_for_another_letters_question_are_dropped(rf, member, other_member, provider):
    mine = make_letter(member, questions=1)
    theirs = make_letter(other_member, questions=1)
    provider[theirs.questions.first().pk] = [Panel("side", "includes/field.html", {})]
    request = rf.get("/")
    request.user = member
    shown = panels.editor_panels(request, mine, list(mine.questions.all()))
    assert shown.by_question == {mine.questions.first().pk: {"below_answer": [], "side": []}}
    assert shown.scripts == []


def test_an_unknown_slot_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown editor slot"):
        Panel("footer", "x.html")
