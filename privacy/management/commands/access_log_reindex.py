"""Add the subject-index rows that entries lack, derived from each entry's hashed `subjects`.

Migration 0008 backfills the index once, at migrate time; processes still running the previous
code during a rolling deploy go on appending entries without index rows until they restart.
Those entries would be missing from the member's 내 정보를 본 기록 and the verifier would name
them. Run this once every process runs the new code. It only adds rows the entries themselves
name (never removes one), so it cannot hide an entry; safe to re-run.
"""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from privacy.accesslog.models import AccessLogSubject

# The migration's backfill is the one definition of "an entry's index rows" from its text.
backfill = importlib.import_module("privacy.migrations.0008_access_log_subjects_backfill").backfill


class Command(BaseCommand):
    help = (
        "접속기록 항목의 정보주체 색인 중 빠진 행을 항목의 (해시된) 정보주체에서 다시 채웁니다. "
        "배포 중 이전 코드가 남긴 항목을 위해 모든 프로세스가 새 코드로 바뀐 뒤 한 번 실행하세요."
    )

    def handle(self, *args, **options):
        before = AccessLogSubject.objects.count()
        backfill(apps, SimpleNamespace(connection=connections[DEFAULT_DB_ALIAS]))
        added = AccessLogSubject.objects.count() - before
        self.stdout.write(f"정보주체 색인 {added}행을 채웠어요.")
