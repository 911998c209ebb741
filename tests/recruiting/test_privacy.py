"""지원 내역 in the retention registry, and stored encrypted."""

from django.db import connection

from privacy.registry.registry import registry
from recruiting.models import Application, Company, Offer, Posting


def test_application_records_have_their_own_category_kept_5_years_after_withdrawal():
    entry = registry.entry(Application)
    assert entry.category.name == "지원 내역"
    assert entry.category.retention.days_after_withdrawal >= 5 * 365 + 1
    assert entry.category.in_collection_table is False
    assert registry.entry(Offer).category == entry.category
    assert Company in registry.non_personal_models and Posting in registry.non_personal_models


def test_policy_table_does_not_gain_a_row(client, db):
    page = client.get("/privacy/policy/").content.decode()
    assert '<th scope="row">지원 내역</th>' not in page
    assert "탈퇴 후 5년 동안 지원내역" in page


def test_snapshot_and_offer_message_are_ciphertext_in_the_table(application, offer):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT letter_snapshot, profile_snapshot FROM recruiting_application WHERE id = %s",
            [application.pk],
        )
        letter, profile = cursor.fetchone()
        cursor.execute("SELECT message FROM recruiting_offer WHERE id = %s", [offer.pk])
        (message,) = cursor.fetchone()

    for raw in (letter, profile, message):
        assert raw
        for plain in ("처음 쓴 답변", "라이프전자 자소서", "김지원", "한국대학교", "함께 일해요"):
            assert plain not in raw
    assert application.letter_snapshot["title"] == "라이프전자 자소서"


def test_own_data_download_includes_applications_and_offers(member, application, offer):
    import io
    import zipfile

    from privacy.centre.export import member_archive, personal_data

    sections = {s["model"]: s for s in personal_data(member)}
    assert "지원 내역" in sections and "입사 제안" in sections
    sent = sections["지원 내역"]["rows"][0]["지원 내역"]
    assert sent["지원한 자기소개서 사본"]["title"] == "라이프전자 자소서"

    names = zipfile.ZipFile(io.BytesIO(member_archive(member))).namelist()
    assert names
