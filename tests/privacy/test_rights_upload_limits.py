"""Hostile uploads on the public proxy form (issue 10): the body's size is checked before it is
read, one file part only, the 위임장 spooled to disk only as ciphertext, and a worker's memory
stays flat under the attack that raised it by 300 MB (30 parts of 10 MB, no valid CSRF token)."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client
from django.urls import reverse

from privacy.rights import filing
from privacy.rights.forms import AttorneyUploadHandler, EncryptedSpool
from privacy.rights.models import RightsRequest
from tests.privacy.rights_support import PDF
from tests.privacy.test_rights_proxy import form_data, pdf
from tests.support import upload_attack

pytestmark = pytest.mark.django_db
URL = "/privacy/requests/proxy/"
BOUNDARY = "BoUnDaRy"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def post_raw(client, body: bytes, **extra):
    return client.generic(
        "POST", URL, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra
    )


def test_a_body_over_the_cap_is_refused_with_413_before_it_is_read(client, member):
    # The test client's payload refuses to be read past what it holds: claiming 300 MB on a
    # one-byte payload would raise if anything tried to read the body.
    response = post_raw(client, b"-", CONTENT_LENGTH=str(300 * 1024 * 1024))

    assert response.status_code == 413
    assert "보내신 내용이 너무 커요" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_multipart_body_without_a_length_is_refused_with_400(client, member):
    response = post_raw(client, b"-", CONTENT_LENGTH="")

    assert response.status_code == 400
    assert "크기를 알 수 없어" in response.content.decode()


def test_the_cap_leaves_room_for_a_ten_megabyte_attorney(client, member):
    big = PDF[:-7] + b"\x00" * (10 * 1024 * 1024 - len(PDF)) + b"\n%%EOF\n"
    assert len(big) == 10 * 1024 * 1024

    response = client.post(reverse("rights:proxy"), form_data(member, pdf(content=big)))

    assert response.status_code == 302
    assert filing.attorney_bytes(RightsRequest.objects.get()) == (big, "application/pdf")


def test_a_second_file_part_is_refused_with_a_korean_message(client, member):
    data = form_data(member, pdf())
    data["attorney2"] = pdf("more.pdf")

    response = client.post(reverse("rights:proxy"), data)

    assert response.status_code == 400
    assert "위임장 파일 하나만 첨부해" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_file_under_another_field_name_is_skipped_not_taken(client, member):
    data = form_data(member)
    data["photo"] = pdf()

    response = client.post(reverse("rights:proxy"), data)

    assert response.status_code == 200
    assert "위임장 파일을 첨부해 주세요." in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_handler_skips_unexpected_fields_without_a_spool():
    handler = AttorneyUploadHandler()

    with pytest.raises(SkipFile):
        handler.new_file("photo", "x.pdf", "application/pdf", 10)
    assert handler.spool is None

    handler.new_file("attorney", "a.pdf", "application/pdf", 10)
    with pytest.raises(SkipFile):  # one 위임장 per request
        handler.new_file("attorney", "b.pdf", "application/pdf", 10)
    handler.upload_interrupted()
    assert handler.spool.closed


def test_a_broken_multipart_body_answers_400_in_korean(client, member):
    body = f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=".encode()

    response = client.generic("POST", URL, body, content_type="multipart/form-data")

    assert response.status_code == 400
    assert "보내신 내용을 읽을 수 없었어요" in response.content.decode()


def test_text_fields_beyond_django_s_memory_cap_answer_413_in_korean(client, member):
    data = form_data(member, pdf(), detail="가" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2))

    response = client.post(reverse("rights:proxy"), data)

    assert response.status_code == 413
    assert "입력한 내용이 너무 길어요" in response.content.decode()


def test_posts_without_a_csrf_token_do_not_use_up_the_proxy_s_tries(member):
    # A page on another site can make a visitor's browser post here; refused by the CSRF check,
    # those posts must not count, or they would lock real proxies on that address out.
    hostile = Client(enforce_csrf_checks=True)
    for _ in range(6):
        assert hostile.post(reverse("rights:proxy"), form_data(member, pdf())).status_code == 403

    response = Client().post(reverse("rights:proxy"), form_data(member, pdf()))

    assert response.status_code == 302
    assert RightsRequest.objects.count() == 1


def test_the_spool_holds_only_ciphertext_on_disk_and_reads_back_the_plaintext():
    marker = b"%PDF-1.7 \xea\xb9\x80\xec\xa7\x80\xec\x9b\x90 " * 4096
    spool = EncryptedSpool()
    for start in range(0, len(marker), 65536):
        spool.append(marker[start : start + 65536])

    spool._disk.seek(0)
    on_disk = spool._disk.read()
    assert len(on_disk) == len(marker) and b"%PDF" not in on_disk
    reader = io.BufferedReader(spool)
    assert reader.read() == marker
    reader.seek(0)
    assert reader.read(5) == b"%PDF-"
    reader.close()
    assert spool.closed


def test_the_upload_is_spooled_not_held_in_memory(client, member):
    data = form_data(member, SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    request = client.post(reverse("rights:proxy"), data).wsgi_request

    (handler,) = request.upload_handlers
    assert isinstance(handler, AttorneyUploadHandler) and handler.spool.size == len(PDF)


@pytest.mark.postgres
def test_the_upload_attack_leaves_a_real_worker_s_memory_flat(django_db_setup):
    """30 parts of 10 MB through gunicorn, with a CSRF cookie and no token, sent three ways:
    the peak memory of the worker stays within 20 MB of where it started."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = upload_attack.server_env(url, settings.REDIS_URL)
    with upload_attack.gunicorn_worker(env) as worker:
        cookie, token = upload_attack.csrf_pair(worker.port)
        upload_attack.csrf_pair(worker.port)  # warm
        results = {
            mode: upload_attack.measure(worker, cookie, mode=mode)
            for mode in ("honest", "lying", "chunked")
        }
        results["token"] = upload_attack.measure(worker, cookie, mode="lying", token=token)

    assert results["honest"][0] == 413
    assert results["chunked"][0] == 400
    assert results["lying"][0] == 403  # CSRF refused, after at most 10 MB read and spooled
    assert results["token"][0] == 200  # the form again, with its Korean errors
    for mode, (_, grown) in results.items():
        assert grown < 20, (mode, grown)
