import datetime

from django.core.management.base import BaseCommand, CommandError

from core.jobs import KST, run_due_jobs


class Command(BaseCommand):
    help = "Run the daily jobs whose KST time has come today and that are not done yet."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO date-time to run as of (KST when naive)")

    def handle(self, *args, now=None, **options):
        at = None
        if now:
            try:
                at = datetime.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now: {error}") from error
            if at.tzinfo is None:
                at = at.replace(tzinfo=KST)
        for name, outcome in run_due_jobs(now=at).items():
            self.stdout.write(f"{name}: {outcome}")
