"""Paste a posting's questions, confirm them, get a letter: who may, and what bad input does."""

import pytest

from coverletters.models import CoverLetter, LimitUnit

PASTE = "/coverletters/new/from-posting-text/"
CONFIRM = "/coverletters/new/from-posting-text/confirm/"
BLANK = "/coverletters/new/from-posting-text/blank/"

TEXT = """※ 한글 2byte 기준입니다.
1. 지원 동기를 작성해 주세요. (1,000byte)
2. 입사 후 포부 (띄어쓰기 제외 500자)"""


def confirm_data(rows, **details):
    data = {
        "text": TEXT,
        "company": "한빛은행",
        "job_title": "디지털 기획",
        "title": "",
        "deadline": "2030-10-01",
        "deadline_time": "18:00",
        "q-TOTAL_FORMS": str(len(rows)),
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "30",
        **details,
    }
    for i, (prompt, limit, unit) in enumerate(rows):
        data |= {f"q-{i}-prompt": prompt, f"q-{i}-limit": limit, f"q-{i}-limit_unit": unit}
    return data


ROWS = [
    ("지원 동기를 작성해 주세요.", "1000", "korean_bytes"),
    ("입사 후 포부", "500", "without_spaces"),
]


def test_pasted_questions_are_proposed_for_confirmation(client, member):
    client.force_login(member)
    response = client.post(PASTE, {"text": TEXT})

    assert response.status_code == 200
    page = response.content.decode()
    assert "문항 2개예요" in page
    assert "\n지원 동기를 작성해 주세요.</textarea>" in page
    assert 'name="q-0-limit" value="1000"' in page
    assert '<option value="korean_bytes" selected>' in page
    assert 'name="q-1-limit" value="500"' in page
    assert '<option value="without_spaces" selected>' in page
    assert not CoverLetter.objects.exists()  # nothing until the member confirms


def test_confirming_makes_the_letter_with_the_questions(client, member):
    client.force_login(member)
    response = client.post(CONFIRM, confirm_data(ROWS))

    letter = CoverLetter.objects.get(member=member)
    assert response["Location"] == f"/coverletters/{letter.pk}/"
    assert (letter.title, letter.company, letter.job_title) == (
        "한빛은행 디지털 기획 자기소개서",
        "한빛은행",
        "디지털 기획",
    )
    assert str(letter.deadline) == "2030-10-01" and str(letter.deadline_time) == "18:00:00"
    assert letter.source_posting_id is None
    assert [(q.prompt, q.limit, q.limit_unit) for q in letter.questions.all()] == [
        ("지원 동기를 작성해 주세요.", 1000, LimitUnit.KOREAN_BYTES),
        ("입사 후 포부", 500, LimitUnit.WITHOUT_SPACES),
    ]


def test_the_letter_made_is_the_members_only(client, member, other_member):
    client.force_login(member)
    client.post(CONFIRM, confirm_data(ROWS))
    letter = CoverLetter.objects.get()
    client.force_login(other_member)
    assert client.get(f"/coverletters/{letter.pk}/").status_code == 404


def test_the_member_edits_removes_and_adds_rows_before_creating(client, member):
    client.force_login(member)
    removed = client.post(CONFIRM, {**confirm_data(ROWS), "remove_row": "0"}).content.decode()
    assert "\n지원 동기를 작성해 주세요.</textarea>" not in removed
    assert "\n입사 후 포부</textarea>" in removed
    assert 'value="한빛은행"' in removed  # the details typed so far are kept
    assert "입력해 주세요" not in removed  # no errors while only rearranging

    added = client.post(CONFIRM, {**confirm_data(ROWS), "add_row": "1"}).content.decode()
    assert 'name="q-TOTAL_FORMS" value="3"' in added
    assert not CoverLetter.objects.exists()

    client.post(CONFIRM, confirm_data([("성장 과정 (수정함)", "", "with_spaces"), *ROWS[1:]]))
    letter = CoverLetter.objects.get()
    assert [(q.prompt, q.limit) for q in letter.questions.all()] == [
        ("성장 과정 (수정함)", None),
        ("입사 후 포부", 500),
    ]


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_paste_says_what_to_do(client, member, text):
    client.force_login(member)
    response = client.post(PASTE, {"text": text})
    assert response.status_code == 400
    assert "공고의 자기소개서 문항을 입력해 주세요." in response.content.decode()


def test_an_unrecognisable_paste_says_so_and_keeps_the_text(client, member):
    client.force_login(member)
    response = client.post(PASTE, {"text": "안녕하세요 반갑습니다\n오늘 날씨"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "문항을 찾지 못했어요" in page
    assert "안녕하세요 반갑습니다\n오늘 날씨</textarea>" in page
    assert 'href="/coverletters/new/from-posting-text/blank/"' in page


def test_bad_rows_and_details_get_korean_messages_and_lose_nothing(client, member):
    client.force_login(member)
    response = client.post(
        CONFIRM,
        confirm_data(
            [("", "500", "with_spaces"), ("입사 후 포부", "오백", "with_spaces")],
            job_title="",
            deadline="",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "문항을 입력해 주세요.",
        "숫자만 입력해 주세요.",
        "지원 직무를 입력해 주세요.",
        "마감 시각을 적으려면 마감일도 함께 적어 주세요.",
    ):
        assert message in page, message
    assert "\n입사 후 포부</textarea>" in page and 'value="한빛은행"' in page
    assert 'value="※ 한글 2byte 기준입니다.\n1. 지원 동기를' in page  # the pasted text rides along
    assert not CoverLetter.objects.exists()


def test_a_tampered_row_count_is_refused_in_korean(client, member):
    client.force_login(member)
    data = confirm_data(ROWS)
    del data["q-TOTAL_FORMS"]
    response = client.post(CONFIRM, data)
    assert response.status_code == 400
    assert "문항 목록이 온전히 전달되지 않았어요" in response.content.decode()
    data = confirm_data([("문항", "", "with_spaces")] * 31)
    assert client.post(CONFIRM, data).status_code == 400
    assert not CoverLetter.objects.exists()


def test_going_back_to_the_pasted_text(client, member):
    client.force_login(member)
    page = client.post(PASTE, {"text": TEXT, "edit_text": "1"}).content.decode()
    assert "2. 입사 후 포부 (띄어쓰기 제외 500자)</textarea>" in page


@pytest.mark.parametrize("url", [PASTE, BLANK])
def test_pages_open_for_the_member(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("method", "url"), [("get", PASTE), ("post", PASTE), ("get", BLANK), ("post", CONFIRM)]
)
def test_only_members_use_the_paste_pages(client, staff, consultant, method, url):
    response = getattr(client, method)(url, {"text": TEXT})
    assert response.status_code == 302 and "?next=" in response["Location"]
    for who in (staff, consultant):
        client.force_login(who)
        assert getattr(client, method)(url, {"text": TEXT}).status_code == 403
    assert not CoverLetter.objects.exists()


def test_confirm_refuses_get(client, member):
    client.force_login(member)
    assert client.get(CONFIRM).status_code == 405


def test_the_pages_are_well_formed_and_labelled(client, member):
    from tests.core.test_html import audit

    client.force_login(member)
    pages = {
        "paste": client.get(PASTE),
        "paste error": client.post(PASTE, {"text": "메모"}),
        "confirm": client.post(PASTE, {"text": TEXT}),
        "confirm errors": client.post(CONFIRM, confirm_data(ROWS, job_title="")),
        "blank": client.get(BLANK),
    }
    for name, response in pages.items():
        assert audit(response.content.decode()) == [], name
