from datetime import timedelta

from django.utils import timezone

from coverletters import services
from coverletters.models import AnswerVersion, VersionReason


def test_history_keeps_a_version_at_most_every_five_minutes(question):
    services.answer_save(question=question, text="초안", base_revision=0)
    services.answer_save(question=question, text="초안 수정", base_revision=1)
    assert [v.text for v in question.versions.all()] == ["초안"]

    AnswerVersion.objects.update(created_at=timezone.now() - timedelta(minutes=6))
    services.answer_save(question=question, text="한참 뒤 수정", base_revision=2)

    assert [v.text for v in question.versions.all()] == ["한참 뒤 수정", "초안"]


def test_restore_brings_back_an_old_version_and_keeps_the_replaced_text(client, member, question):
    services.answer_save(question=question, text="예전 답변", base_revision=0)
    old = question.versions.get()
    services.answer_save(question=question, text="지금 답변", base_revision=1)
    client.force_login(member)

    response = client.post(f"/coverletters/questions/{question.pk}/versions/{old.pk}/restore/")

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "예전 답변"
    assert question.revision == 3  # a restore is a save: open tabs on revision 2 get a conflict
    kept = question.versions.get(reason=VersionReason.BEFORE_RESTORE)
    assert kept.text == "지금 답변"


def test_versions_page_lists_and_shows_each_version(client, member, question):
    services.answer_save(question=question, text="버전 내용 <b>굵게</b>", base_revision=0)
    client.force_login(member)

    page = client.get(f"/coverletters/questions/{question.pk}/versions/").content.decode()

    assert "자동 저장" in page
    assert "버전 내용 &lt;b&gt;굵게&lt;/b&gt;" in page
    assert "이 버전으로 되돌리기" in page


def test_a_version_of_another_question_cannot_be_restored_here(client, member, letter):
    first, second = letter.questions.all()
    services.answer_save(question=second, text="다른 문항의 글", base_revision=0)
    foreign = second.versions.get()
    client.force_login(member)

    response = client.post(f"/coverletters/questions/{first.pk}/versions/{foreign.pk}/restore/")

    assert response.status_code == 404
    first.refresh_from_db()
    assert first.answer == ""
