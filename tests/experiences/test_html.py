"""Every experience page is well-formed, labelled HTML (the project's audit)."""

import pytest

from tests.core.test_html import audit
from tests.experiences.conftest import valid_form


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_empty_list_passes_the_audit(signed_in):
    assert audit(signed_in.get("/experiences/").content.decode()) == []


@pytest.mark.parametrize("params", [{}, {"q": "없는 말"}, {"tag": "리더십", "kind": "contest"}])
def test_list_with_items_passes_the_audit(signed_in, experience, params):
    assert audit(signed_in.get("/experiences/", params).content.decode()) == []


@pytest.mark.parametrize(
    "path", ["/experiences/{pk}/", "/experiences/{pk}/edit/", "/experiences/{pk}/delete/"]
)
def test_experience_pages_pass_the_audit(signed_in, experience, path):
    assert audit(signed_in.get(path.format(pk=experience.pk)).content.decode()) == []


def test_create_page_passes_the_audit(signed_in):
    assert audit(signed_in.get("/experiences/new/").content.decode()) == []


def test_create_page_with_errors_passes_the_audit(signed_in):
    bad = valid_form(
        title="",
        kind="",
        start_date="2024-08",
        end_date="2024-03",
        star_result="가" * 2001,
        tags_choice=["리더십", "협업"],
        tags_other=", ".join(f"태그{i}" for i in range(12)),
    )

    response = signed_in.post("/experiences/new/", bad)
    page = response.content.decode()

    assert "입력한 내용을 확인해 주세요" in page
    assert audit(page) == []


def test_edit_page_with_errors_passes_the_audit(signed_in, experience):
    bad = valid_form(end_date="2024-03", ongoing="on", tags_choice=[])

    page = signed_in.post(f"/experiences/{experience.pk}/edit/", bad).content.decode()

    assert "진행 중인 경험에는 종료일을 비워 두세요." in page
    assert audit(page) == []


def test_detail_shows_markup_as_text(signed_in, member):
    from tests.experiences.conftest import make_experience

    script = "<script>alert(1)</script>"
    experience = make_experience(member, title=script, details=script, star_result=script)

    page = signed_in.get(f"/experiences/{experience.pk}/").content.decode()

    assert script not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    assert audit(page) == []
