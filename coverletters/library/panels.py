"""The editor's "이런 경험은 어때요?" panel: experiences that fit each question (suggestions.py).
One query for the member's experiences, whatever the number of questions."""

from coverletters import panels
from coverletters.library.suggestions import suggest
from experiences.models import Experience


@panels.register("coverletters.library.suggestions")
def experience_suggestions(request, letter, questions):
    experiences = list(Experience.objects.filter(member=letter.member_id))
    if not experiences:
        return {}
    for experience in experiences:
        experience.member = request.user  # the owner, for decryption: no query per row
    shown = {}
    for question in questions:
        linked = {e.pk for e in question.experiences.all()}
        found = suggest(question, experiences, linked=linked)
        if found:
            shown[question.pk] = [
                panels.Panel(
                    "side",
                    "coverletters/library/_suggestions.html",
                    {"question": question, "suggestions": found},
                )
            ]
    return shown
