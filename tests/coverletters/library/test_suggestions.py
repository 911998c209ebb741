"""Experiences that fit a question, in the editor beside the answer."""

from coverletters.library.suggestions import suggest
from coverletters.models import Question
from experiences.models import Experience
from tests.coverletters.conftest import make_letter


def test_an_experience_fits_by_type_tags_and_the_prompts_words(member):
    letter = make_letter(member)
    question = Question.objects.create(
        cover_letter=letter, prompt="팀 프로젝트에서 물류 문제를 협업으로 해결한 경험을 쓰세요."
    )
    logistics = Experience.objects.create(
        member=member, title="물류 스타트업 인턴", kind="intern", tags=["협업"]
    )
    club = Experience.objects.create(member=member, title="밴드 동아리", kind="club")
    cert = Experience.objects.create(member=member, title="토익 900", kind="certificate")

    found = suggest(question, [logistics, club, cert])

    assert [s.experience for s in found] == [logistics, club]
    assert "‘물류’" in " ".join(found[0].reasons)
    assert "협업 역량" in found[0].reasons


def test_a_linked_experience_is_not_suggested_again(member):
    letter = make_letter(member)
    question = Question.objects.create(cover_letter=letter, prompt="협업 경험을 쓰세요.")
    club = Experience.objects.create(member=member, title="동아리", kind="club")
    assert suggest(question, [club], linked={club.pk}) == []


def test_the_editor_shows_suggestions_beside_the_answer(client, member):
    letter = make_letter(member)
    Question.objects.create(cover_letter=letter, prompt="물류 분야에 지원한 동기를 쓰세요.")
    Experience.objects.create(member=member, title="물류 인턴 <b>경험</b>", kind="intern")
    client.force_login(member)

    page = client.get(f"/coverletters/{letter.pk}/").content.decode()

    assert "이런 경험은 어때요?" in page
    assert "물류 인턴 &lt;b&gt;경험&lt;/b&gt;" in page
