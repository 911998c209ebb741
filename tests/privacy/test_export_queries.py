"""Cost that does not grow with the data (issue 10, "Growth"): the data download ZIP, the
admin lists of members' data and the members' own lists make as many queries for 50 items (or
100 members' rows) as for 1."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from coverletters.models import AnswerVersion, CoverLetter, Question
from experiences.models import Experience
from privacy.centre.export import personal_data
from profiles.models import Career, Education, Profile
from recruiting.models import Application, Company, Offer, Posting
from tests.conftest import make_member, make_staff

pytestmark = pytest.mark.django_db


def give_items(member: User, count: int, tag: str = "") -> None:
    """`count` of everything a member writes: an experience, a 학력, a 경력, a cover letter
    whose two questions are linked to the experience and have an answer version, an
    application and an offer."""
    profile, _ = Profile.objects.get_or_create(
        member=member, defaults={"name": "김지원", "desired_job": "마케팅"}
    )
    company = Company.objects.create(name=f"라이프전자{tag}")
    start = Experience.objects.filter(member=member).count()
    for i in range(start, start + count):
        Education.objects.create(profile=profile, school=f"한국대학교 {i}", status="graduated")
        Career.objects.create(profile=profile, company=f"라이프물류 {i}", role="인턴")
        experience = Experience.objects.create(
            member=member, title=f"재고 관리 {i}", kind="intern", tags=["협업"]
        )
        letter = CoverLetter.objects.create(member=member, title=f"공채 {i}", job_title="마케팅")
        for position in range(2):
            question = Question.objects.create(
                cover_letter=letter, position=position, prompt="지원 동기", answer=f"답변 {i}"
            )
            question.experiences.add(experience)
            AnswerVersion.objects.create(
                question=question, text="초안", revision=1, reason="autosave"
            )
        posting = Posting.objects.create(company=company, title=f"공채 {i}", job="마케팅")
        Application.objects.create(
            member=member,
            posting=posting,
            letter_snapshot={"title": letter.title},
            profile_snapshot={"name": "김지원"},
        )
        Offer.objects.create(member=member, company=company, message=f"제안 {i}")


def count_queries(fn) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured), result


def download(client):
    response = client.post("/privacy/me/download/")
    assert response.status_code == 200
    return response


def as_member(client, member) -> None:
    """Signed in, and one page seen: what a first request caches is not counted."""
    client.force_login(member)
    assert client.get("/privacy/me/").status_code == 200


def archive_data(response) -> dict:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("data.json"))


def test_download_zip_makes_as_many_queries_for_50_items_as_for_1(client):
    one, many = make_member(), make_member(name="박서준", phone="010-7712-4490")
    give_items(one, 1, "a")
    give_items(many, 50, "b")

    as_member(client, one)
    download(client)  # the access log's chain starts with the first download
    queries_one, _ = count_queries(lambda: download(client))
    as_member(client, many)
    queries_many, response = count_queries(lambda: download(client))

    assert queries_many == queries_one
    sections = {s["model"]: s["rows"] for s in archive_data(response)["개인정보"]}
    assert len(sections["경험"]) == 50 and len(sections["문항"]) == 100
    titles = {row["경험 제목"]["경험 제목"] for row in sections["경험"]}
    assert titles == {f"재고 관리 {i}" for i in range(50)}


def test_download_names_the_linked_experiences_without_reading_their_text(member):
    give_items(member, 2)
    experiences = list(Experience.objects.filter(member=member).order_by("pk"))

    sections = {s["model"]: s["rows"] for s in personal_data(member)}

    linked = [row["자기소개서 내용"]["연결한 경험"] for row in sections["문항"]]
    assert linked == [[f"경험 #{e.pk}"] for e in experiences for _ in range(2)]


def test_download_of_a_shredded_member_stays_constant_and_shows_nothing(client):
    """A member whose key is gone (withdrawal's first step committed, rows not yet deleted):
    every row names the same missing key, looked up once."""
    from privacy.keys import datakeys

    one, many = make_member(), make_member(name="박서준", phone="010-7712-4490")
    give_items(one, 1, "a")
    give_items(many, 20, "b")
    as_member(client, one)
    download(client)  # the access log's chain starts with the first download
    queries_one, _ = count_queries(lambda: download(client))
    as_member(client, many)
    datakeys.destroy_subject_keys(many.subject)
    datakeys.clear_key_cache()

    queries_many, response = count_queries(lambda: download(client))

    # The missing key is memoised, and the member's active key is not created by a read.
    assert queries_many <= queries_one
    text = response.content
    assert "재고 관리".encode() not in text
    rows = {s["model"]: s["rows"] for s in archive_data(response)["개인정보"]}
    assert {row["경험 제목"]["경험 제목"] for row in rows["경험"]} == {"[파기된 정보]"}


# --- Admin lists of members' data ----------------------------------------------------------

ADMIN_LISTS = [
    ("accounts/user/", User),
    ("profiles/profile/", Profile),
    ("experiences/experience/", Experience),
    ("coverletters/coverletter/", CoverLetter),
    ("recruiting/application/", Application),
    ("recruiting/offer/", Offer),
]


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    return client


def members_with_one_item(count: int) -> list[User]:
    members = []
    for i in range(count):
        member = make_member(name=f"회원{i}", phone=f"010-5555-{i:04d}")
        give_items(member, 1, str(i))
        members.append(member)
    return members


def admin_list(client, url: str, ids: list[int]):
    response = client.get(f"/admin/{url}", {"id__in": ",".join(map(str, ids))})
    assert response.status_code == 200
    assert response.context["cl"].result_count == len(ids)
    return response


@pytest.mark.parametrize(("url", "model"), ADMIN_LISTS, ids=[u for u, _ in ADMIN_LISTS])
def test_admin_list_of_100_members_rows_makes_as_many_queries_as_of_1(staff_client, url, model):
    members = members_with_one_item(100)
    rows = User.objects.filter(pk__in=[m.pk for m in members])
    if model is not User:
        rows = model.objects.filter(member__in=members)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 100

    admin_list(staff_client, url, ids[:1])  # what a first request caches is not counted
    queries_one, _ = count_queries(lambda: admin_list(staff_client, url, ids[:1]))
    queries_100, _ = count_queries(lambda: admin_list(staff_client, url, ids))

    assert queries_100 == queries_one


def test_admin_accounts_list_reads_no_data_key(staff_client):
    members = members_with_one_item(10)

    with CaptureQueriesContext(connection) as captured:
        admin_list(staff_client, "accounts/user/", [m.pk for m in members])

    # The list shows username, role and dates: no encrypted field, so no key is needed.
    assert not [q for q in captured if "privacy_datakey" in q["sql"]]


# --- The members' own lists ----------------------------------------------------------------

MEMBER_LISTS = [
    "/experiences/",
    "/coverletters/",
    "/recruiting/applications/",
    "/recruiting/offers/",
]


@pytest.mark.parametrize("url", MEMBER_LISTS)
def test_member_list_makes_as_many_queries_for_50_items_as_for_1(client, url):
    one, many = make_member(), make_member(name="박서준", phone="010-7712-4490")
    give_items(one, 1, "a")
    give_items(many, 50, "b")

    def page():
        response = client.get(url)
        assert response.status_code == 200
        return response

    as_member(client, one)
    queries_one, _ = count_queries(page)
    as_member(client, many)
    queries_many, _ = count_queries(page)

    assert queries_many == queries_one
