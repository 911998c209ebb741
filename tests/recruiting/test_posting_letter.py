"""이 공고로 자소서 쓰기: a partner posting's questions, limits and deadline become a letter."""

import datetime

import pytest

from coverletters.models import CoverLetter, LimitUnit
from recruiting.models import Company, PostingQuestion
from tests.conftest import make_staff
from tests.recruiting.conftest import make_posting


@pytest.fixture
def posting(db):
    posting = make_posting(
        Company.objects.create(name="푸른증권"),
        title="2026 하반기 푸른증권 MTS 기획 신입",
        job="MTS 기획",
        deadline=datetime.date(2030, 9, 30),
        deadline_time=datetime.time(15, 0),
    )
    PostingQuestion.objects.create(
        posting=posting,
        position=2,
        prompt="입사 후 포부를 쓰세요.",
        limit=1000,
        limit_unit=LimitUnit.KOREAN_BYTES,
    )
    PostingQuestion.objects.create(
        posting=posting,
        position=1,
        prompt="지원 동기를 쓰세요.",
        limit=500,
        limit_unit=LimitUnit.WITHOUT_SPACES,
    )
    return posting


def test_the_letter_gets_the_postings_questions_limits_and_deadline(client, member, posting):
    client.force_login(member)

    response = client.post(f"/recruiting/postings/{posting.pk}/letter/")

    letter = CoverLetter.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == f"/coverletters/{letter.pk}/"
    assert (letter.title, letter.job_title, letter.company) == (
        "푸른증권 MTS 기획 자기소개서",
        "MTS 기획",
        "푸른증권",
    )
    assert (letter.deadline, letter.deadline_time) == (
        datetime.date(2030, 9, 30),
        datetime.time(15, 0),
    )
    assert letter.source_posting_id == posting.pk
    assert [(q.position, q.prompt, q.limit, q.limit_unit) for q in letter.questions.all()] == [
        (1, "지원 동기를 쓰세요.", 500, LimitUnit.WITHOUT_SPACES),
        (2, "입사 후 포부를 쓰세요.", 1000, LimitUnit.KOREAN_BYTES),
    ]
    posting_page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert '지원 동기를 쓰세요. <span class="meta">(공백 제외 500자)</span>' in posting_page
    assert "(1000바이트 · 한글 2바이트)" in posting_page
    editor = client.get(response["Location"]).content.decode()
    assert "지원 동기를 쓰세요." in editor and "입사 후 포부를 쓰세요." in editor
    assert "15:00" in editor


def test_a_second_tap_offers_the_letter_instead_of_a_silent_duplicate(client, member, posting):
    client.force_login(member)
    client.post(f"/recruiting/postings/{posting.pk}/letter/")
    first = CoverLetter.objects.get()

    response = client.post(f"/recruiting/postings/{posting.pk}/letter/", follow=True)

    assert CoverLetter.objects.count() == 1
    page = response.content.decode()
    assert "이 공고로 만든 자기소개서가 이미 있어요" in page
    assert f'href="/coverletters/{first.pk}/">이어서 쓰기' in page
    assert "하나 더 만들기" in page

    again = client.post(f"/recruiting/postings/{posting.pk}/letter/", {"again": "1"})
    second = CoverLetter.objects.exclude(pk=first.pk).get()
    assert again["Location"] == f"/coverletters/{second.pk}/"
    assert second.questions.count() == 2


def test_another_member_neither_sees_nor_reuses_the_letter(client, member, other_member, posting):
    client.force_login(member)
    client.post(f"/recruiting/postings/{posting.pk}/letter/")
    mine = CoverLetter.objects.get()

    client.force_login(other_member)
    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert "이어서 쓰기" not in page and f"/coverletters/{mine.pk}/" not in page
    assert client.get(f"/coverletters/{mine.pk}/").status_code == 404
    client.post(f"/recruiting/postings/{posting.pk}/letter/")
    assert CoverLetter.objects.filter(member=other_member).count() == 1


def test_a_posting_without_questions_still_makes_a_letter(client, member, db):
    posting = make_posting(deadline=None)
    client.force_login(member)
    client.post(f"/recruiting/postings/{posting.pk}/letter/")
    letter = CoverLetter.objects.get()
    assert letter.questions.count() == 0
    assert letter.deadline is None and letter.deadline_time is None


def test_only_a_member_makes_a_letter(client, posting, staff, consultant):
    response = client.post(f"/recruiting/postings/{posting.pk}/letter/")
    assert response.status_code == 302 and "?next=" in response["Location"]
    for who in (staff, consultant):
        client.force_login(who)
        assert client.post(f"/recruiting/postings/{posting.pk}/letter/").status_code == 403
    assert not CoverLetter.objects.exists()


def test_making_a_letter_refuses_get_and_an_unknown_posting(client, member, posting):
    client.force_login(member)
    assert client.get(f"/recruiting/postings/{posting.pk}/letter/").status_code == 405
    assert client.post("/recruiting/postings/999999/letter/").status_code == 404
    assert not CoverLetter.objects.exists()


def test_staff_enter_the_questions_in_the_posting_admin(client, db):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    company = Company.objects.create(name="라이프전자")
    response = client.post(
        "/admin/recruiting/posting/add/",
        {
            "company": company.pk,
            "title": "2026 상반기 공채",
            "job": "영업",
            "description": "",
            "deadline": "2030-03-31",
            "deadline_time": "18:00",
            "status": "open",
            "questions-TOTAL_FORMS": "2",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-position": "1",
            "questions-0-prompt": "지원 동기",
            "questions-0-limit": "700",
            "questions-0-limit_unit": "with_spaces",
            "questions-1-position": "2",
            "questions-1-prompt": "직무 역량",
            "questions-1-limit": "1000",
            "questions-1-limit_unit": "utf8_bytes",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    questions = PostingQuestion.objects.order_by("position")
    assert [(q.prompt, q.limit, q.limit_unit) for q in questions] == [
        ("지원 동기", 700, "with_spaces"),
        ("직무 역량", 1000, "utf8_bytes"),
    ]
    assert questions[0].posting.deadline_time == datetime.time(18, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_once_makes_one_letter(posting):
    """Two requests at the same moment (a double tap): the second waits on the member's row
    lock, then finds the first one's letter."""
    import threading

    from django.db import connection

    from recruiting.letters import posting_letter_create
    from tests.conftest import make_member

    member = make_member()
    barrier = threading.Barrier(2)
    results = []

    def tap():
        try:
            barrier.wait()
            letter, created = posting_letter_create(member=member, posting=posting, again=False)
            results.append((letter.pk, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert CoverLetter.objects.filter(member=member).count() == 1
    assert sorted(created for _pk, created in results) == [False, True]
    assert len({pk for pk, _created in results}) == 1
