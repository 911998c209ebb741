"""The public proxy (대리인) form: the principal is found by phone (blind index) and name,
the 위임장 is checked by its bytes (type and size), stored only encrypted, never on disk, and
the form never says whether the person named is a member."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from privacy.rights import filing, steps
from privacy.rights.forms import ATTORNEY_MAX_BYTES
from privacy.rights.models import PowerOfAttorney, RightsChannel, RightsRequest, RightsStatus
from tests.privacy.rights_support import PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def form_data(member=None, attorney=None, **fields) -> dict:
    data = {
        "principal_name": member.name if member else "김지원",
        "principal_phone": "01028461357",
        "proxy_name": "최대리",
        "proxy_phone": "010-3333-4444",
        "proxy_relation": "delegate",
        "kind": "access",
        "detail": "가입 정보와 이용 기록을 보고 싶어요",
    }
    data.update(fields)
    if attorney is not None:
        data["attorney"] = attorney
    return data


def pdf(name="위임장.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_proxy_request_with_a_pdf_is_received_and_linked_to_the_member(client, member):
    response = client.post(reverse("rights:proxy"), form_data(member, pdf()))

    assert response.status_code == 302 and response["Location"] == reverse("rights:proxy_done")
    request = RightsRequest.objects.get()
    assert request.member_id == member.pk and request.channel == RightsChannel.PROXY
    assert request.status == RightsStatus.IDENTITY_CHECK
    assert request.proxy_name == "최대리"
    assert filing.attorney_bytes(request) == (PDF, "application/pdf")
    assert list(request.events.values_list("status", flat=True)) == ["received", "identity_check"]


def test_png_is_accepted_too(client, member):
    image = SimpleUploadedFile("scan.png", PNG, content_type="image/png")

    assert client.post(reverse("rights:proxy"), form_data(member, image)).status_code == 302
    assert PowerOfAttorney.objects.get().content_type == "image/png"


def test_the_attorney_is_stored_only_as_ciphertext(client, member):
    client.post(reverse("rights:proxy"), form_data(member, pdf()))

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM privacy_powerofattorney")
        (raw,) = cursor.fetchone()
    assert raw.startswith("lmenc2$")
    assert "JVBERi" not in raw  # base64 of "%PDF"


def test_the_upload_never_goes_to_a_temporary_file(client, member):
    big = PDF[:-7] + b"\x00" * (3 * 1024 * 1024) + b"\n%%EOF\n"  # above Django's 2.5 MB
    with mock.patch(
        "django.core.files.uploadhandler.TemporaryUploadedFile", side_effect=AssertionError
    ):
        response = client.post(reverse("rights:proxy"), form_data(member, pdf(content=big)))

    assert response.status_code == 302
    assert PowerOfAttorney.objects.get().size == len(big)


def test_proxy_for_someone_who_is_not_a_member_gets_the_same_answer(client, member):
    response = client.post(
        reverse("rights:proxy"), form_data(None, pdf(), principal_name="없는사람")
    )

    assert response.status_code == 302 and response["Location"] == reverse("rights:proxy_done")
    assert RightsRequest.objects.get().member_id is None


def test_name_must_match_as_well_as_phone(client, member):
    client.post(reverse("rights:proxy"), form_data(None, pdf(), principal_name="박서준"))

    assert RightsRequest.objects.get().member_id is None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("위임장.exe", b"MZ\x90\x00", "application/octet-stream"),
            "PDF, JPG, PNG",
        ),
        (SimpleUploadedFile("위임장.txt", b"hello", "text/plain"), "PDF, JPG, PNG"),
        (pdf("fake.pdf", b"GIF89a this is not a pdf %%EOF"), "파일 내용이 확장자와 달라요"),
        (pdf("fake.pdf", PNG), "파일 내용이 확장자와 달라요"),
        (SimpleUploadedFile("photo.jpg", PDF, "image/jpeg"), "파일 내용이 확장자와 달라요"),
        (pdf("truncated.pdf", b"%PDF-1.4\n1 0 obj"), "파일 내용이 확장자와 달라요"),
        (pdf("empty.pdf", b""), "위임장 파일이 비어 있어요."),
    ],
    ids=["exe", "txt", "fake-pdf", "png-named-pdf", "pdf-named-jpg", "truncated-pdf", "empty"],
)
def test_proxy_request_without_a_valid_attorney_cannot_proceed(client, member, upload, message):
    response = client.post(reverse("rights:proxy"), form_data(member, upload))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RightsRequest.objects.exists() and not PowerOfAttorney.objects.exists()


def test_attorney_over_ten_megabytes_is_refused(client, member):
    too_big = PDF[:-7] + b"\x00" * ATTORNEY_MAX_BYTES + b"\n%%EOF\n"

    response = client.post(reverse("rights:proxy"), form_data(member, pdf(content=too_big)))

    assert "위임장 파일이 너무 커요. 10MB 이하로 보내 주세요." in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_missing_attorney_is_refused(client, member):
    response = client.post(reverse("rights:proxy"), form_data(member))

    assert "위임장 파일을 첨부해 주세요." in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_service_refuses_a_proxy_request_without_attorney_bytes(member):
    with pytest.raises(steps.RightsError):
        filing.rights_request_file_by_proxy(
            principal_name=member.name,
            principal_phone=member.phone,
            proxy_name="최대리",
            proxy_phone="01033334444",
            proxy_relation="delegate",
            kind="access",
            attorney_bytes=b"",
            attorney_type="application/pdf",
        )


def test_errors_keep_what_was_typed_and_ask_to_choose_the_file_again(client, member):
    response = client.post(
        reverse("rights:proxy"),
        form_data(member, pdf("x.pdf", b"nope"), proxy_phone="12", detail="<b>굵게</b> 요청"),
    )

    page = response.content.decode()
    assert "전화번호를 010-1234-5678처럼 입력해 주세요." in page
    assert 'value="최대리"' in page  # typed values stay
    assert "&lt;b&gt;굵게&lt;/b&gt; 요청" in page  # and markup is shown as text
    assert "위임장 파일을 다시 골라 주세요." in page


def test_correction_by_proxy_needs_item_and_value(client, member):
    response = client.post(reverse("rights:proxy"), form_data(member, pdf(), kind="correction"))

    assert "정정할 항목을 입력해 주세요." in response.content.decode()


def test_the_public_form_is_throttled_per_address(client, member):
    for _ in range(5):
        client.post(reverse("rights:proxy"), form_data(member, pdf()))

    response = client.post(reverse("rights:proxy"), form_data(member, pdf()))

    assert response.status_code == 429
    assert RightsRequest.objects.count() == 5
