"""The new pages are well formed and every input has its label."""

from coverletters.models import Question
from coverletters.versions.services import letter_checkpoint_create, letter_submitted_copy
from tests.core.test_html import audit
from tests.coverletters.conftest import make_letter


def test_version_and_library_pages_are_well_formed_and_labelled(client, member):
    letter = make_letter(member, company="한빛은행")
    source = Question.objects.create(cover_letter=letter, prompt="지원 동기", answer="첫 답변")
    target = Question.objects.create(cover_letter=letter, prompt="입사 후 포부", answer="있던 답")
    one = letter_checkpoint_create(letter=letter, label="하나")
    letter_submitted_copy(letter, reason="application", label="지원")
    client.force_login(member)

    pages = {
        "versions": client.get(f"/coverletters/{letter.pk}/versions/"),
        "compare": client.get(f"/coverletters/{letter.pk}/versions/compare/?from={one.pk}"),
        "library": client.get("/coverletters/library/"),
        "reuse": client.get(f"/coverletters/library/answers/{source.pk}/reuse/"),
        "confirm": client.post(
            f"/coverletters/library/answers/{source.pk}/reuse/", {"target": target.pk}
        ),
        "question form": client.get(f"/coverletters/questions/{source.pk}/edit/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert audit(response.content.decode()) == [], name
