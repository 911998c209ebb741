from django.core.management.base import BaseCommand, CommandError

from privacy.keys import blind_index, keyguard
from privacy.keys.errors import KeyMismatch
from privacy.keys.rotation import recompute_blind_indexes


class Command(BaseCommand):
    help = (
        "Recompute every blind index under the current epoch (first of BLIND_INDEX_KEYS), from "
        "each row's decrypted source field: indexes of an older epoch, and legacy ones keyed "
        "from a master key. No data key is re-wrapped. Safe to run while the site serves; safe "
        "to run again after an interruption. Afterwards `manage.py master_key_status` says "
        "whether an old epoch may be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options) -> None:
        try:
            keyguard.refuse_unless_keys_sound()
        except KeyMismatch as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"current blind-index epoch: {blind_index.current_blind_index_key().epoch}"
        )
        done = recompute_blind_indexes(
            batch_size=batch_size,
            progress=lambda label, count: self.stdout.write(f"  {label}: {count}"),
        )
        for label, count in done.items():
            self.stdout.write(f"indexes recomputed in {label}: {count}")
        self.stdout.write(self.style.SUCCESS("done"))
