from django.core.management.base import BaseCommand, CommandError

from privacy.keys.verification import verify_encryption


def _pks(pks: list[int], limit: int = 50) -> str:
    shown = ", ".join(map(str, pks[:limit]))
    return shown + (f" … (+{len(pks) - limit})" if len(pks) > limit else "")


class Command(BaseCommand):
    help = (
        "Open every encrypted value under its row's binding (format v2: subject, table, column, "
        "row, version) and unwrap every data key under its own; report rows and keys still in "
        "the v1 format and values that do not open. Exits non-zero when any. A scan with "
        "nothing left in v1 records v1's retirement: from then on v1 values are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--no-retire",
            action="store_true",
            help="Do not record v1's retirement even when nothing is left in v1.",
        )

    def handle(self, *args, batch_size: int, no_retire: bool, **options) -> None:
        report = verify_encryption(batch_size=batch_size, retire=not no_retire)
        for label, count in report.rows_checked.items():
            self.stdout.write(f"{label}: {count} rows checked")
        for label, count in report.shredded_rows.items():
            self.stdout.write(f"{label}: {count} rows shredded (data key destroyed)")
        problems = []
        for label, pks in report.v1_rows.items():
            problems.append(f"{label}: {len(pks)} rows still in the v1 binding: pk {_pks(pks)}")
        for label, pks in report.plaintext_rows.items():
            problems.append(f"{label}: {len(pks)} rows with values in the clear: pk {_pks(pks)}")
        for label, pks in report.unreadable_rows.items():
            problems.append(
                f"{label}: {len(pks)} rows with a value that does not open under its binding "
                f"(altered, moved, restored from an older version): pk {_pks(pks)}"
            )
        if report.v1_keys:
            problems.append(f"data keys in the v1 wrapping: #{_pks(report.v1_keys)}")
        if report.bad_keys:
            problems.append(
                f"data keys that do not unwrap under their subject and id: #{_pks(report.bad_keys)}"
            )
        for line in problems:
            self.stderr.write(line)
        if report.old_format:
            self.stderr.write(
                "run `manage.py rotate_keys --rebind` (with FIELD_ENCRYPTION_ACCEPT_V1)"
            )
        elif report.v1_retired:
            self.stdout.write(
                "v1 retired: no v1 value or key is left and none is accepted any more "
                "(FIELD_ENCRYPTION_ACCEPT_V1 can be removed)"
            )
        if problems:
            raise CommandError(f"{len(problems)} encryption problem(s) found")
        self.stdout.write(self.style.SUCCESS("every encrypted value opens under its binding"))
