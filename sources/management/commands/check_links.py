"""Queue a link check for every source with an address (run it daily)."""

from django.core.management.base import BaseCommand
from django.db.models import F

from sources.models import Source
from sources.tasks import check_link


class Command(BaseCommand):
    help = "Queue a check of every source's link; dead links are then marked."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=0, help="Check at most this many sources."
        )

    def handle(self, *args, limit=0, **options):
        sources = (
            Source.objects.exclude(url="")
            .order_by(F("link_checked_at").asc(nulls_first=True), "pk")
            .values_list("pk", flat=True)
        )
        if limit:
            sources = sources[:limit]
        count = 0
        for source_id in sources.iterator():
            check_link.enqueue(source_id)
            count += 1
        self.stdout.write(f"{count} link checks queued.")
