"""Queue a link check for every source with an address, now.

The scheduler (`manage.py run_periodic`) does this every
CARRE_LINK_CHECK_HOURS; this command is for a check on demand.
"""

from django.core.management.base import BaseCommand

from sources.tasks import queue_link_checks


class Command(BaseCommand):
    help = "Queue a check of every source's link; dead links are then marked."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=0, help="Check at most this many sources."
        )

    def handle(self, *args, limit=0, **options):
        count = queue_link_checks(limit=limit)
        self.stdout.write(f"{count} link checks queued.")
