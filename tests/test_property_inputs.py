"""Property tests (Hypothesis): arbitrary Unicode, control characters, huge lengths and odd
numbers thrown at every member form and every export (issue 10).

The properties, for each form: the answer is never a 500; what is accepted is stored as typed
after the documented normalisation (core.text.clean_text, then the field's own: surrounding
whitespace stripped, CRLF as LF where the form says so); what is refused changes nothing and
is shown again with a Korean message. For each export (.docx, print, ZIP): it answers 200 and
holds the stored text, whatever the text is.

Deterministic (derandomize: the same examples on every run and machine) and bounded
(HYPOTHESIS_MAX_EXAMPLES, 25 by default; raise it for a deeper local run). Each example runs
inside its own savepoint, rolled back at its end, so examples never see each other's rows
(pytest-django's `db` wraps the whole test; Hypothesis runs many examples in it).
"""

import contextlib
import datetime
import io
import json
import os
import re
import zipfile

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from docx import Document
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.text import clean_text, xml_safe
from coverletters.models import CoverLetter, LimitUnit, Question
from experiences.models import Experience, ExperienceKind
from privacy.rights.models import RightsRequest
from profiles.models import Profile
from tests.conftest import make_member
from tests.coverletters.conftest import make_letter
from tests.privacy.rights_support import PDF
from tests.profiles.factories import career_row, education_row, form_data
from tests.recruiting.conftest import make_posting, ready_member

pytestmark = pytest.mark.django_db

PROPERTY = hypothesis_settings(
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # Shrinking a failure can take minutes on these examples; CI reports the failing example
    # as found. HYPOTHESIS_SHRINK=1 shrinks it locally.
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if os.environ.get("HYPOTHESIS_SHRINK") else []),
    # `db` is function-scoped on purpose: each example undoes its own rows (one_example).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- Strategies -----------------------------------------------------------------------------

CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))] + ["\ufffe", "\uffff"]
CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs",)),  # any code point a browser can send
    st.sampled_from(CONTROLS),
    st.sampled_from(list("가힣 ㄱㅏ\u1100\u1161\u11a8\u3000\u00a0\u200b\u202e👩‍💻<>&\"'%\\")),
)
SHORT = st.text(CHARACTERS, max_size=40)
HUGE = st.builds(
    lambda piece, times: piece * times,
    st.text(CHARACTERS, min_size=1, max_size=3),
    st.integers(min_value=100, max_value=12_000),
)
TEXT = st.one_of(SHORT, SHORT, HUGE)
ODD_NUMBERS = st.one_of(
    st.integers().map(str),
    st.sampled_from(
        ["", " ", "-0", "-1", "0", "1.5", "1e9", "٣", "１２", "0x10", "NaN", "inf", "\x00", "1\x00"]
    ),
    st.integers(min_value=2**31, max_value=2**80).map(str),
    SHORT,
)
DATES = st.one_of(
    st.dates().map(lambda d: d.strftime("%Y-%m-%d")),
    st.dates().map(lambda d: d.strftime("%Y-%m")),
    st.sampled_from(["2024-02-30", "0000-01-01", "9999-12-31", "2024-13", "2024.3", "", "0199"]),
    ODD_NUMBERS,
)

# --- Helpers --------------------------------------------------------------------------------

HANGUL = re.compile("[가-힣]")
ALERT = re.compile(r'role="alert"[^>]*>(.*?)</(?:ul|div)>', re.S)


@contextlib.contextmanager
def one_example():
    """Run one example's writes in a savepoint rolled back at its end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def signed_in():
    member = make_member()
    client = Client()
    client.force_login(member)
    return member, client


def line(value: str) -> str:
    """A one-line field: normalised, surrounding whitespace stripped (CharField strip)."""
    return clean_text(value).strip()


def lf_lines(value: str) -> str:
    """A textarea whose form turns CRLF into LF before stripping (profiles.forms.TextArea)."""
    return clean_text(value).replace("\r\n", "\n").strip()


def lf_all(value: str) -> str:
    """A textarea whose form turns CRLF and a lone CR into LF (experiences MultilineField)."""
    return clean_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def refused_in_korean(response) -> None:
    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    alerts = ALERT.findall(page)
    assert alerts and any(HANGUL.search(a) for a in alerts), page[:3000]


def visible(value: str) -> str:
    """The characters of a text a reader sees: no whitespace, nothing XML cannot hold."""
    return re.sub(r"\s", "", xml_safe(value))


def strings_in(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in [*value.keys(), *value.values()] for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return [value] if isinstance(value, str) else []


def storable(value: str) -> str:
    # PostgreSQL cannot hold NUL at all; on SQLite, what an old row may hold.
    return value.replace("\x00", "") if connection.vendor == "postgresql" else value


# --- Member forms ---------------------------------------------------------------------------


@PROPERTY
@given(
    title=TEXT,
    job_title=TEXT,
    company=TEXT,
    requirements=TEXT,
    duties=TEXT,
    preferences=TEXT,
    deadline=DATES,
)
def test_cover_letter_form(
    db, title, job_title, company, requirements, duties, preferences, deadline
):
    typed = {
        "title": title,
        "job_title": job_title,
        "company": company,
        "requirements": requirements,
        "duties": duties,
        "preferences": preferences,
    }
    with one_example():
        member, client = signed_in()
        response = client.post("/coverletters/new/", {**typed, "deadline": deadline})
        letter = CoverLetter.objects.filter(member=member).first()
        if response.status_code == 302:
            for name, value in typed.items():
                assert getattr(letter, name) == line(value), name
        else:
            refused_in_korean(response)
            assert letter is None


@PROPERTY
@given(
    prompt=TEXT, limit=ODD_NUMBERS, limit_unit=st.one_of(st.sampled_from(LimitUnit.values), SHORT)
)
def test_question_form(db, prompt, limit, limit_unit):
    with one_example():
        member, client = signed_in()
        letter = make_letter(member)
        response = client.post(
            f"/coverletters/{letter.pk}/questions/new/",
            {"prompt": prompt, "limit": limit, "limit_unit": limit_unit},
        )
        question = letter.questions.first()
        if response.status_code == 302:
            assert question.prompt == line(prompt)
            assert question.limit == (int(limit) if limit.strip() else None)
            assert question.limit_unit == limit_unit
        else:
            refused_in_korean(response)
            assert question is None


@PROPERTY
@given(answer=TEXT, revision=ODD_NUMBERS)
def test_answer_autosave(db, answer, revision):
    with one_example():
        member, client = signed_in()
        question = make_letter(member, questions=1).questions.get()
        response = client.post(
            f"/coverletters/questions/{question.pk}/answer/",
            {"answer": answer, "revision": revision},
            HTTP_ACCEPT="application/json",
        )
        before = (question.answer, question.revision)
        question.refresh_from_db()
        body = response.json()
        if response.status_code == 200:
            # strip=False: the answer is kept exactly, line breaks stored as LF.
            expected = clean_text(answer).replace("\r\n", "\n").replace("\r", "\n")
            assert question.answer == expected
        elif response.status_code == 409:
            assert (question.answer, question.revision) == before
            assert question.versions.filter(reason="conflict").exists()
        else:
            assert response.status_code == 400
            assert HANGUL.search(body["error"])
            assert (question.answer, question.revision) == before


@PROPERTY
@given(
    name=TEXT,
    desired_job=TEXT,
    desired_industry=TEXT,
    birth_date=DATES,
    situation=TEXT,
    school=SHORT,
    status=st.one_of(st.sampled_from(["graduated", "enrolled", ""]), SHORT),
    company=TEXT,
    role=SHORT,
    description=TEXT,
    start=DATES,
    end=DATES,
)
def test_profile_form_with_education_and_career(
    db,
    name,
    desired_job,
    desired_industry,
    birth_date,
    situation,
    school,
    status,
    company,
    role,
    description,
    start,
    end,
):
    with one_example():
        member, client = signed_in()
        data = form_data(
            name=name,
            desired_job=desired_job,
            desired_industry=desired_industry,
            birth_date=birth_date,
            situation=situation,
            educations=[education_row(school=school, status=status, start_date=start)],
            careers=[
                career_row(
                    company=company,
                    role=role,
                    description=description,
                    start_date=start,
                    end_date=end,
                )
            ],
        )
        response = client.post("/profile/edit/", data)
        profile = Profile.objects.filter(member=member).first()
        if response.status_code == 302:
            assert (profile.name, profile.desired_job, profile.desired_industry) == (
                line(name),
                line(desired_job),
                line(desired_industry),
            )
            assert profile.situation == lf_lines(situation)
            career = profile.careers.first()
            if career is not None:
                assert (career.company, career.role, career.description) == (
                    line(company),
                    line(role),
                    lf_lines(description),
                )
            else:  # a row left empty is no entry, and nothing typed in it was lost
                assert not (line(company) or line(role) or lf_lines(description))
            education = profile.educations.first()
            if education is not None:
                assert education.school == line(school)
            else:
                assert not line(school)
        else:
            refused_in_korean(response)
            assert profile is None


@PROPERTY
@given(
    title=TEXT,
    kind=st.one_of(st.sampled_from(ExperienceKind.values), SHORT),
    summary=TEXT,
    start=DATES,
    end=DATES,
    details=TEXT,
    star=TEXT,
    tags_other=SHORT,
)
def test_experience_form(db, title, kind, summary, start, end, details, star, tags_other):
    with one_example():
        member, client = signed_in()
        response = client.post(
            "/experiences/new/",
            {
                "title": title,
                "kind": kind,
                "summary": summary,
                "start_date": start,
                "end_date": end,
                "details": details,
                "star_action": star,
                "tags_other": tags_other,
            },
        )
        experience = Experience.objects.filter(member=member).first()
        if response.status_code == 302:
            assert (experience.title, experience.summary) == (line(title), line(summary))
            assert (experience.details, experience.star_action) == (lf_all(details), lf_all(star))
            assert experience.kind == kind
        else:
            refused_in_korean(response)
            assert experience is None


@PROPERTY
@given(
    kind=st.one_of(st.sampled_from(["access", "correction", "deletion", "suspension"]), SHORT),
    detail=TEXT,
    correction_item=TEXT,
    correction_value=TEXT,
    purposes=st.lists(st.one_of(st.sampled_from(["consulting", "messages"]), SHORT), max_size=3),
)
def test_member_rights_request_form(db, kind, detail, correction_item, correction_value, purposes):
    with one_example():
        member, client = signed_in()
        response = client.post(
            "/privacy/requests/new/",
            {
                "kind": kind,
                "detail": detail,
                "correction_item": correction_item,
                "correction_value": correction_value,
                "suspend_purposes": purposes,
            },
        )
        filed = RightsRequest.objects.filter(member=member).first()
        if response.status_code == 302:
            assert filed.kind == kind and filed.detail == line(detail)
            if kind == "correction":
                assert filed.correction_item == line(correction_item)
                assert filed.correction_value == line(correction_value)
        else:
            refused_in_korean(response)
            assert filed is None


@PROPERTY
@given(
    principal_name=TEXT,
    principal_phone=ODD_NUMBERS,
    proxy_name=SHORT,
    relation=st.one_of(st.sampled_from(["delegate", "legal"]), SHORT),
    detail=TEXT,
    filename=SHORT,
)
def test_public_proxy_form(
    db, principal_name, principal_phone, proxy_name, relation, detail, filename
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cache.clear()  # the per-address throttle: each example is a new visitor
    with one_example():
        response = Client().post(
            "/privacy/requests/proxy/",
            {
                "principal_name": principal_name,
                "principal_phone": principal_phone,
                "proxy_name": proxy_name,
                "proxy_phone": "010-3333-4444",
                "proxy_relation": relation,
                "kind": "access",
                "detail": detail,
                "attorney": SimpleUploadedFile(f"{filename}.pdf", PDF, "application/pdf"),
            },
        )
        filed = RightsRequest.objects.first()
        if response.status_code == 302:
            assert filed.proxy_name == line(proxy_name) and filed.detail == line(detail)
        else:
            refused_in_korean(response)
            assert filed is None


@PROPERTY
@given(choice=ODD_NUMBERS, method=st.sampled_from(["get", "post"]))
def test_apply_with_any_letter_choice(db, choice, method):
    with one_example():
        member, client = signed_in()
        ready_member(member)
        posting = make_posting()
        response = getattr(client, method)(
            f"/recruiting/postings/{posting.pk}/apply/", {"cover_letter": choice}
        )
        if method == "get" and "\x00" in choice:
            assert response.status_code == 400  # core.urlguard: NUL in a query string
        else:
            # Not one of the member's letters: back to the posting with a message.
            assert response.status_code == 302
        assert not posting.applications.exists()


@PROPERTY
@given(params=st.dictionaries(st.sampled_from(["q", "kind", "tag", "sort", "page"]), TEXT))
def test_list_filters_and_pages_from_the_query_string(db, params):
    with one_example():
        _, client = signed_in()
        for path in ("/experiences/", "/notices/", "/coverletters/"):
            response = client.get(path, params)
            has_nul = any("\x00" in v for v in params.values())
            assert response.status_code == (400 if has_nul else 200), path


# --- Exports --------------------------------------------------------------------------------


@PROPERTY
@given(title=TEXT, job_title=SHORT, company=SHORT, prompt=TEXT, answer=TEXT)
def test_every_export_of_any_stored_letter(db, title, job_title, company, prompt, answer):
    """Whatever a letter holds (stored by an older version, the admin or a script): the .docx,
    the print view and the data download ZIP all answer 200 and carry its text."""
    title, answer = storable(title)[:200], storable(answer)
    with one_example():
        member, client = signed_in()
        letter = CoverLetter.objects.create(
            member=member,
            title=title,
            job_title=storable(job_title)[:100],
            company=storable(company)[:100],
            deadline=datetime.date(2026, 12, 31),
        )
        Question.objects.create(
            cover_letter=letter, position=1, prompt=storable(prompt), answer=answer, limit=10
        )

        docx = client.get(f"/coverletters/{letter.pk}/download.docx")
        assert docx.status_code == 200
        paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
        # Word has its own breaks and tabs (a CR is a line break there): compare what shows.
        assert visible(paragraphs[0]) == visible(title)
        assert visible("".join(paragraphs)).endswith(visible(answer))

        printed = client.get(f"/coverletters/{letter.pk}/print/")
        assert printed.status_code == 200
        assert not any(ch in printed.content.decode() for ch in "\x00\x01\x0b\x0c\x1b\ufffe")

        download = client.post("/privacy/me/download/")
        assert download.status_code == 200
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            data = json.loads(archive.read("data.json"))
            assert archive.read("내정보.html").decode()
        assert any(title in text for text in strings_in(data)), "the letter is in data.json"
