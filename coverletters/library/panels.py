"""The editor's "이런 경험은 어때요?" panel: experiences that fit each question (suggestions.py).
One query for the member's experiences, whatever the number of questions."""

from django.utils.html import format_html, format_html_join

from coverletters import panels
from coverletters.library.suggestions import prepare, suggest_prepared
from experiences.models import Experience


@panels.register("coverletters.library.suggestions")
def experience_suggestions(request, letter, questions):
    # Only what suggest() reads and the panel shows: the details and STAR text stay sealed.
    experiences = list(
        Experience.objects.filter(member=letter.member_id).only(
            "id", "member_id", "sealed_version", "kind", "title", "summary", "tags"
        )
    )
    if not experiences:
        return {}
    for experience in experiences:
        experience.member = request.user  # the owner, for decryption: no query per row
    prepared = prepare(experiences)
    shown = {}
    for question in questions:
        linked = {e.pk for e in question.experiences.all()}
        found = suggest_prepared(question, prepared, linked=linked)
        if found:
            shown[question.pk] = [panels.Panel("side", html=_render(found))]
    return shown


def _render(found) -> str:
    """The panel's markup, built here rather than included once per question (issue 16)."""
    items = format_html_join(
        "",
        '<li><strong>{}</strong> <span class="meta">· {}</span></li>',
        ((s.experience.title, " · ".join(s.reasons)) for s in found),
    )
    return format_html(
        '<aside class="suggested" aria-label="이 문항에 어울리는 경험"><h4>이런 경험은 어때요?</h4>'
        "<ul>{}</ul></aside>",
        items,
    )
