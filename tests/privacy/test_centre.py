"""The privacy centre: consents, instant download, receipt, who accessed the member's data."""

import io
import json
import zipfile

import pytest

from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.consents.models import ConsentRecord
from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import Purpose
from privacy.consents.services import has_consent
from profiles.models import Profile
from tests.core.test_html import audit


def test_centre_shows_each_consent_with_date_and_version(client, member):
    client.force_login(member)

    page = client.get("/privacy/me/").content.decode()

    for title in (
        "개인정보 수집·이용 동의 (회원가입)",
        "카카오톡 메시지 수신 동의",
        "마케팅 및 광고 활용 동의",
        "컨설턴트에게 정보 제공 동의 (제3자 제공)",
    ):
        assert title in page
    # The version in force when the member signed up (2024-06-20 until 2026-12-10).
    assert f"방침 {current_policy_version()}" in page
    assert audit(page) == []


def test_withdrawing_marketing_takes_effect_at_once_in_ledger_and_receipt(client, member):
    client.force_login(member)
    client.post(f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "1", "from": "centre"})
    assert has_consent(member, Purpose.MARKETING)

    response = client.post(
        f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "0", "from": "centre"}
    )

    assert response["Location"] == "/privacy/me/"
    assert has_consent(member, Purpose.MARKETING) is False
    last = ConsentRecord.objects.filter(member=member, purpose=Purpose.MARKETING).last()
    assert (last.granted, last.channel) == (False, "privacy_centre")
    receipt = client.get("/privacy/me/receipt.json").json()
    marketing = next(
        p for p in receipt["services"][0]["purposes"] if p["purpose"] == "마케팅 및 광고 활용 동의"
    )
    assert marketing["consentGiven"] is False
    assert receipt["piiPrincipalId"] == str(member.subject)
    assert receipt["jurisdiction"] == "KR" and receipt["version"] == "KI-CR-v1.1.0"


def test_download_has_json_and_readable_html_with_every_category_and_is_logged(client, member):
    Profile.objects.create(member=member, name="김지원", desired_job="마케팅 <b>팀장</b>")
    client.force_login(member)

    response = client.post("/privacy/me/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"data.json", "내정보.html"}
    data = json.loads(archive.read("data.json"))
    categories = {section["category"] for section in data["개인정보"]}
    assert {"회원가입", "본인 프로필"} <= categories
    text = json.dumps(data, ensure_ascii=False)
    assert "김지원" in text and "010-2846-1357" in text and "마케팅 <b>팀장</b>" in text
    assert len(data["동의 기록"]) == 3
    html = archive.read("내정보.html").decode()
    assert "마케팅 &lt;b&gt;팀장&lt;/b&gt;" in html
    entry = AccessLogEntry.objects.get(action=AccessLogAction.DOWNLOAD)
    assert entry.actor_id == member.pk and "본인" in entry.reason_text


def test_download_holds_only_the_members_own_data(client, member, other_member):
    Profile.objects.create(member=other_member, name="박서준", desired_job="영업")
    client.force_login(member)

    archive = zipfile.ZipFile(io.BytesIO(client.post("/privacy/me/download/").content))

    assert "박서준" not in archive.read("data.json").decode()


def test_access_history_shows_role_time_and_what_but_no_staff_name(client, member, staff):
    access_log_append(
        actor=Actor(staff.pk, "staff", "10.0.0.1"),
        action=AccessLogAction.VIEW,
        subjects=[member.pk],
        target_type="profiles.profile",
    )
    client.force_login(member)

    page = client.get("/privacy/me/").content.decode()

    assert "운영진" in page and "본인 프로필 상세 조회" in page
    assert "staff1" not in page and "10.0.0.1" not in page


@pytest.mark.parametrize("url", ["/privacy/me/", "/privacy/me/receipt.json"])
def test_centre_pages_are_the_members_own(client, url, consultant, staff, db):
    assert client.get(url).status_code == 302  # anonymous → sign in
    for user in (consultant, staff):
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert client.post("/privacy/me/download/").status_code == 403
