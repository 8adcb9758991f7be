"""`manage.py run_periodic`: the scheduler of Carré's periodic jobs.

It wakes up every --interval seconds and runs the jobs that are due (see
carre/periodic.py): link checks, requeueing abandoned tasks, pruning old task
results. The jobs only queue work for the task worker (`db_worker`), which
must run too. With --once it runs the due jobs and exits (for cron).
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from carre.periodic import run_due_jobs

logger = logging.getLogger("carre.periodic")


class Command(BaseCommand):
    help = "Run the periodic jobs (link checks, task clean-up) when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run the due jobs once, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=60,
            help="Seconds between two looks at the schedule (default 60).",
        )

    def handle(self, *args, once, interval, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_args: stop.set())
            logger.info("Scheduler started; looking every %s s.", interval)
        while not stop.is_set():
            try:
                for name, result in run_due_jobs():
                    logger.info("%s: %s", name, result)
                    if once:
                        self.stdout.write(f"{name}: {result}")
            except DatabaseError as error:
                if once:
                    raise CommandError(f"Periodic jobs not run: {error}") from None
                # The database restarts or is unreachable: try again later.
                logger.warning("Periodic jobs skipped: %s", error)
            if once:
                return
            stop.wait(interval)
            # Like a request: a connection broken meanwhile is replaced.
            close_old_connections()
        logger.info("Scheduler stopped.")
