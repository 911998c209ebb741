"""Deleting an experience: a confirmation page first, then the POST."""

from experiences.models import Experience


def test_delete_asks_first_and_changes_nothing_on_get(client, member, experience):
    client.force_login(member)

    page = client.get(f"/experiences/{experience.pk}/delete/").content.decode()

    assert "이 경험을 삭제할까요?" in page
    assert experience.title in page
    assert f'action="/experiences/{experience.pk}/delete/"' in page
    assert Experience.objects.filter(pk=experience.pk).exists()


def test_member_deletes_own_experience(client, member, experience):
    client.force_login(member)

    response = client.post(f"/experiences/{experience.pk}/delete/")

    assert response.status_code == 302 and response["Location"] == "/experiences/"
    assert not Experience.objects.filter(pk=experience.pk).exists()
    assert "‘교내 앱 공모전’ 경험을 삭제했어요." in client.get("/experiences/").content.decode()


def test_deleting_twice_is_not_found(client, member, experience):
    client.force_login(member)
    client.post(f"/experiences/{experience.pk}/delete/")

    assert client.post(f"/experiences/{experience.pk}/delete/").status_code == 404


def test_delete_page_warns_when_cover_letters_use_the_experience(client, member, experience):
    from coverletters.models import CoverLetter, Question

    letter = CoverLetter.objects.create(member=member, title="상반기 공채", job_title="마케터")
    question = Question.objects.create(cover_letter=letter, prompt="협업 경험을 적어 주세요.")
    question.experiences.add(experience)
    client.force_login(member)

    page = client.get(f"/experiences/{experience.pk}/delete/").content.decode()
    client.post(f"/experiences/{experience.pk}/delete/")

    assert "자기소개서 문항 1개에 연결된 경험이에요." in page
    assert Question.objects.filter(pk=question.pk).exists()
    assert not question.experiences.exists()
