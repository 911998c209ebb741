"""The text of a version is the page members read (privacy.notices.document).

The officer edits a paragraph in a draft; the preview shows it; once published, the live page
shows it from the version's effective date and not a day before. Every paragraph and list item
of the page's body comes from the version's text, so a change to the template's frame changes
none of them; a marker the page cannot fill is refused with a Korean message and never breaks
the page."""

import datetime
import html
import re
from pathlib import Path

import time_machine
from django.conf import settings
from django.test import override_settings

from privacy.notices.document import parse, plain, text_errors
from privacy.notices.forms import PolicyVersionForm
from privacy.notices.models import PolicyVersion
from privacy.notices.selectors import policy_timeline_forget, policy_version_in_force_row
from tests.conftest import make_staff
from tests.core.test_html import audit
from tests.privacy.notices.conftest import KST

START = datetime.datetime(2026, 12, 26, 10, 0, tzinfo=KST)  # 2026-12-24 in force
OLD = "사용자 문의 대응"
NEW = "사용자 문의 대응 (카카오톡 채널 상담을 포함합니다)"


def body(page: str) -> str:
    return page.split("<!-- 방침 본문: 이 버전의 전문에서 -->", 1)[1].split("<!-- /방침 본문 -->")[
        0
    ]


def body_paragraphs(page: str) -> list[str]:
    """The words of each paragraph, list item, heading and term of the page's policy body,
    leaving out the tables and the officer's contact card (filled from settings)."""
    text = re.sub(r"<table.*?</table>", "", body(page), flags=re.S)
    text = re.sub(r'<dl class="kv card">.*?</dl>', "", text, flags=re.S)
    pieces = re.findall(r"<(p|li|h2|dt|dd)\b[^>]*>(.*?)</\1>", text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", inner)).strip() for _, inner in pieces]


def live(client) -> str:
    policy_timeline_forget()
    return client.get("/privacy/policy/").content.decode()


# --- The format ------------------------------------------------------------------------------


def test_the_format_reads_headings_lists_terms_bold_and_table_markers():
    document = parse(
        "# 1. 처리 목적 {#purpose}\n"
        "- 하나\n- 둘\n\n"
        "1. 열람 요구\n2. 정정 요구\n"
        "**쿠키란?** 작은 파일입니다. 변경은 [[공지사항]]에서 알려요.\n"
        "암호화 :: 비밀번호는 암호화됩니다.\n"
        "[[표:위탁]]\n[[보호책임자]]\n"
    )

    assert document.errors == []
    assert [b.kind for b in document.blocks] == [
        "heading",
        "bullets",
        "numbers",
        "paragraph",
        "terms",
        "table",
        "officer",
    ]
    heading, bullets, numbers, paragraph, terms, table, _ = document.blocks
    assert heading.anchor == "purpose" and heading.spans[0].text == "1. 처리 목적"
    assert [item[0].text for item in bullets.items] == ["하나", "둘"]
    assert [item[0].text for item in numbers.items] == ["열람 요구", "정정 요구"]
    assert [(s.kind, s.text) for s in paragraph.spans] == [
        ("strong", "쿠키란?"),
        ("text", " 작은 파일입니다. 변경은 "),
        ("notices_link", ""),
        ("text", "에서 알려요."),
    ]
    assert terms.terms[0][0][0].text == "암호화"
    assert table.table == "entrustments"


def test_an_unknown_marker_is_named_in_korean_with_its_line():
    errors = text_errors(
        "첫 문단\n[[표:위탁업체]]\n문장 안의 [[표:위탁]]도 안 돼요.\n[[표:위탁]]\n[[표:위탁]]"
    )

    assert errors[0].startswith("2번째 줄: ‘[[표:위탁업체]]’은(는) 알 수 없는 표시예요.")
    assert "[[표:수집항목]]" in errors[0] and "[[표:제3자제공]]" in errors[0]
    assert errors[1].startswith("3번째 줄: ‘[[표:위탁]]’은(는) 문장 안에 쓸 수 없는 표시예요.")
    assert errors[2] == "‘[[표:위탁]]’ 표가 두 번 들어 있어요. 한 번만 넣어 주세요."


def test_the_draft_form_refuses_an_unknown_marker_and_keeps_the_text(db):
    now = datetime.datetime(2026, 12, 26, 10, 0, tzinfo=KST)
    text = "시행일: 2027년 1월 5일\n[[표:위탁처]]"
    form = PolicyVersionForm(
        {
            "version": "2027-01-05",
            "effective_date": "2027-01-05",
            "summary": "요약",
            "text": text,
        },
        now=now,
    )

    assert not form.is_valid()
    assert "‘[[표:위탁처]]’은(는) 알 수 없는 표시예요" in form.errors["text"][0]
    assert form["text"].value() == text  # nothing the officer typed is lost


def test_the_draft_form_holds_the_texts_date_to_the_versions(db):
    now = datetime.datetime(2026, 12, 26, 10, 0, tzinfo=KST)
    form = PolicyVersionForm(
        {
            "version": "2027-01-05",
            "effective_date": "2027-01-05",
            "summary": "요약",
            "text": "첫 문단\n시행일: 2026년 12월 24일",
        },
        now=now,
    )

    assert not form.is_valid()
    assert form.errors["text"] == [
        "본문의 ‘시행일: 2026년 12월 24일’이 시행일(2027년 1월 5일)과 달라요. "
        "본문을 ‘시행일: 2027년 1월 5일’로 고쳐 주세요."
    ]


def test_a_published_text_with_an_unknown_marker_never_breaks_the_page(client, db):
    in_force = policy_version_in_force_row()
    PolicyVersion.objects.filter(pk=in_force.pk).update(
        text=in_force.text + "\n[[표:없는표]]\n<script>alert(1)</script> 문단"
    )

    response = client.get("/privacy/policy/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "[[표:없는표]]" not in page and "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 문단" in page  # the text is never HTML
    assert audit(page) == []


# --- One source of truth ---------------------------------------------------------------------


def test_every_paragraph_of_each_versions_page_is_in_its_text(client, db):
    for policy in PolicyVersion.objects.filter(published_at__isnull=False):
        page = client.get(f"/notices/policy/versions/{policy.version}/page/").content.decode()
        words = {plain(" ".join(line.split())) for line in policy.text.splitlines()}
        words |= {w.removeprefix("- ") for w in words}
        paragraphs = body_paragraphs(page)

        assert len(paragraphs) > 40, policy.version
        for paragraph in paragraphs:
            assert any(paragraph in line for line in words), (policy.version, paragraph)


def test_a_change_to_the_templates_frame_changes_no_paragraph(client, db):
    """The template keeps only the frame: with another title, dates line and links around the
    body, the page's paragraphs are the same, word for word."""
    before = body_paragraphs(live(client))
    source = (Path(settings.BASE_DIR) / "templates/privacy/policy.html").read_text()
    frame = source.replace("<h1>개인정보처리방침</h1>", "<h1>라이프멘토 개인정보처리방침</h1>")
    frame = frame.replace("이전 개인정보처리방침 보기", "예전 방침 모두 보기")
    assert frame != source
    templates = [{**settings.TEMPLATES[0], "APP_DIRS": False}]
    templates[0]["OPTIONS"] = {
        **templates[0]["OPTIONS"],
        "loaders": [
            ("django.template.loaders.locmem.Loader", {"privacy/policy.html": frame}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    }

    with override_settings(TEMPLATES=templates):
        page = live(client)

    assert "라이프멘토 개인정보처리방침" in page and "예전 방침 모두 보기" in page
    assert body_paragraphs(page) == before


def test_the_officer_edits_a_paragraph_previews_publishes_and_it_shows_from_its_date(client, db):
    with time_machine.travel(START, tick=False) as clock:
        policy_timeline_forget()
        client.force_login(make_staff("officer", superuser=True))
        start = client.get("/admin/notices/policyversion/add/").content.decode()
        drafted = html.unescape(
            re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', start, re.S).group(1)
        )
        assert f"- {OLD}\n" in drafted  # the draft starts from the text in force …
        assert "시행일: 2027년 1월 2일" in drafted  # … with the earliest date it may take

        saved = client.post(
            "/admin/notices/policyversion/add/",
            {
                "version": "2027-01-05",
                "effective_date": "2027-01-05",
                "summary": "문의 대응에 카카오톡 채널 상담을 적었어요.",
                "text": drafted.replace(f"- {OLD}\n", f"- {NEW}\n").replace(
                    "시행일: 2027년 1월 2일", "시행일: 2027년 1월 5일"
                ),
            },
        )
        assert saved.status_code == 302
        draft = PolicyVersion.objects.get(version="2027-01-05")
        preview = client.get(f"/notices/policy/drafts/{draft.pk}/preview/").content.decode()
        assert NEW in body_paragraphs(preview) and OLD not in body_paragraphs(preview)
        assert NEW not in live(client)  # a draft changes nothing members read

        assert client.post(f"/admin/notices/policyversion/{draft.pk}/publish/").status_code == 302
        client.logout()
        assert NEW not in live(client)

        clock.move_to(datetime.datetime(2027, 1, 4, 23, 59, tzinfo=KST))
        eve = live(client)
        assert NEW not in eve and OLD in body_paragraphs(eve)

        clock.move_to(datetime.datetime(2027, 1, 5, 0, 0, tzinfo=KST))
        day = live(client)
        assert NEW in body_paragraphs(day) and OLD not in body_paragraphs(day)
        assert "시행일: 2027년 1월 5일 (버전 2027-01-05)" in day
        assert "시행일: 2027년 1월 5일" in body_paragraphs(day)
        assert audit(day) == []
    policy_timeline_forget()


def test_a_versions_record_shows_its_text_as_its_page_does_not_its_markup(client, db):
    record = client.get("/notices/policy/versions/2026-12-24/").content.decode()

    assert "[[표:" not in record and "{#purpose}" not in record and "**" not in record
    assert '<h2 id="entrustment">4. 개인정보 처리 위탁</h2>' in record
    assert 'class="policy entrustments"' in record and "<strong>쿠키란?</strong>" in record
    assert audit(record) == []
