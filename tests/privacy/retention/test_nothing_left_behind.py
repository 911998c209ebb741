"""After a member withdraws and the daily jobs run, their distinctive plaintext and blind-index
values appear in no table, no file and no cache — the retention store keeps only ciphertext."""

import datetime
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from accounts.models import Role, User
from core.jobs import run_due_jobs
from privacy.retention.models import RetainedRecord
from recruiting.services import application_submit
from tests.coverletters.conftest import make_letter
from tests.privacy.test_encryption import NAME, PHONE, dump_text_columns, fill_everything, markers
from tests.recruiting.conftest import make_posting


def test_withdrawal_then_jobs_leave_no_plaintext_or_blind_index_anywhere(kakao, client):
    started = time.time()
    kakao.join(person="custom", custom_name=NAME, custom_phone=PHONE)
    member = User.objects.get(role=Role.MEMBER)
    fill_everything(member)
    letter = make_letter(member, title="지원용 자소서쀍", questions=1)
    application_submit(member=member, posting=make_posting(), cover_letter=letter, consented=True)
    phone_index = member.phone_index
    client.get("/home/")  # a usage-free visit (no statistics consent), caches warmed

    client.post("/accounts/withdraw/", {"confirm": "on"})
    later = timezone.now() + datetime.timedelta(days=61)
    run_due_jobs(now=later)

    dump = dump_text_columns()
    left = [m for m in [*markers(), "지원용 자소서쀍", phone_index] if m in dump]
    assert left == [], f"left behind: {left}"
    assert RetainedRecord.objects.count() == 1  # kept 5 years, as ciphertext only
    cached = " ".join(str(v) for v in cache_values())
    assert NAME not in cached and PHONE not in cached and phone_index not in cached
    written = files_written_since(started)
    assert [f for f in written if any(m.encode() in f.read_bytes() for m in (NAME, PHONE))] == []


def files_written_since(started: float) -> list[Path]:
    """Files the app could have written during the test: uploads under MEDIA_ROOT (none are
    configured today), and temporary files (Django spools large uploads to the temp directory's
    top level)."""
    candidates = list(Path(tempfile.gettempdir()).iterdir())
    if settings.MEDIA_ROOT:
        candidates += Path(settings.MEDIA_ROOT).rglob("*")
    found = []
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime >= started:
                found.append(path)
        except OSError:  # another process's file came and went
            continue
    return found


def cache_values() -> list:
    """Everything in the cache: local memory (embedded default) or Redis (CI)."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return list(backend._cache.values())
    client = backend._cache.get_client()
    return [client.get(key) for key in client.scan_iter(f"{backend.key_prefix}*")]
