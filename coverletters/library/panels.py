"""The editor's "이런 경험은 어때요?" panel: experiences that fit each question (suggestions.py).
One query for the member's experiences, whatever the number of questions."""

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
            shown[question.pk] = [
                panels.Panel(
                    "side",
                    "coverletters/library/_suggestions.html",
                    {"question": question, "suggestions": found},
                )
            ]
    return shown
