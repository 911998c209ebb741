from django.core.management.base import BaseCommand, CommandError

from privacy.keys.errors import KeyMismatch
from privacy.keys.masters import current_master
from privacy.keys.rotation import rotate


class Command(BaseCommand):
    help = (
        "Re-wrap every data key under the current master key (first of FIELD_ENCRYPTION_KEYS), "
        "re-encrypt every encrypted row under fresh data keys, recompute blind indexes, and "
        "delete retired data keys nothing refers to. Safe to run while the site serves; safe "
        "to run again after an interruption."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--rewrap-only",
            action="store_true",
            help="Only re-wrap data keys (fast; enough to retire an old master key).",
        )
        parser.add_argument(
            "--rebind",
            action="store_true",
            help=(
                "Re-wrap v1 data keys and re-encrypt only rows still in the v1 binding, under "
                "the keys they have (issue 17); then run verify_encryption."
            ),
        )

    def handle(self, *args, batch_size: int, rewrap_only: bool, rebind: bool, **options) -> None:
        self.stdout.write(f"current master key: {current_master().kid}")
        try:
            report = rotate(
                batch_size=batch_size,
                rewrap_only=rewrap_only,
                rebind=rebind,
                progress=lambda model, done: self.stdout.write(f"  {model._meta.label}: {done}"),
            )
        except KeyMismatch as error:  # a key missing or wrong: nothing was changed
            raise CommandError(str(error)) from error
        self.stdout.write(f"data keys re-wrapped: {report.rewrapped}")
        self.stdout.write(f"subjects given new data keys: {report.subjects_rekeyed}")
        for label, count in report.rows_reencrypted.items():
            self.stdout.write(f"rows re-encrypted in {label}: {count}")
        for label, pks in report.rows_unreadable.items():
            # Not re-encrypted, so an old key they might name is not deleted under them either.
            self.stderr.write(
                f"rows left as they are in {label}: a stored value opens under no key "
                f"(altered, moved or malformed): pk {', '.join(map(str, pks))}"
            )
        self.stdout.write(f"retired data keys deleted: {report.retired_deleted}")
        for label, count in report.indexes_recomputed.items():
            self.stdout.write(f"blind indexes recomputed in {label}: {count}")
        self.stdout.write(self.style.SUCCESS("done"))
