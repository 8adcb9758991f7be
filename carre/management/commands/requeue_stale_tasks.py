import datetime

from django.core.management.base import BaseCommand

from carre.task_recovery import STALE_AFTER, requeue_stale_tasks


class Command(BaseCommand):
    help = "Queue again the tasks left running by a worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(STALE_AFTER.total_seconds()),
            help="Seconds since a task started before it counts as abandoned.",
        )

    def handle(self, *args, older_than, **options):
        count = requeue_stale_tasks(older_than=datetime.timedelta(seconds=older_than))
        self.stdout.write(f"{count} abandoned task(s) queued again.")
