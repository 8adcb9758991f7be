"""Jobs that run on a schedule, started by `manage.py run_periodic`.

Each job is quick: it queues tasks for the worker or deletes old rows. When
a job last ran is kept in the database (PeriodicJob), so a restarted
scheduler does not run everything again, and two schedulers never run the
same job at once: the job's row is locked while it runs, and a scheduler that
finds it locked skips it.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carre import heartbeats
from carre.models import PeriodicJob
from carre.submissions import prune_submissions
from carre.task_recovery import requeue_stale_tasks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: Callable[[], datetime.timedelta | None]  # None: switched off
    run: Callable[[], str]  # returns a line for the log


def _check_links() -> str:
    from sources.tasks import queue_link_checks

    return f"{queue_link_checks()} link checks queued"


def _link_check_interval() -> datetime.timedelta | None:
    hours = settings.CARRE_LINK_CHECK_HOURS
    return datetime.timedelta(hours=hours) if hours > 0 else None


def _prune_task_results() -> str:
    cutoff = timezone.now() - datetime.timedelta(
        days=settings.CARRE_TASK_RESULTS_KEEP_DAYS
    )
    deleted, _by_model = (
        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    )
    return f"{deleted} finished task results deleted"


def _prune_form_submissions() -> str:
    return f"{prune_submissions()} old form tokens deleted"


def _requeue_stale_tasks() -> str:
    return f"{requeue_stale_tasks()} abandoned tasks queued again"


JOBS = [
    Job("check_links", _link_check_interval, _check_links),
    # A worker killed while others run: its task goes back to the queue
    # without waiting for a worker to restart.
    Job(
        "requeue_stale_tasks",
        lambda: datetime.timedelta(minutes=5),
        _requeue_stale_tasks,
    ),
    Job("prune_task_results", lambda: datetime.timedelta(days=1), _prune_task_results),
    Job(
        "prune_form_submissions",
        lambda: datetime.timedelta(days=1),
        _prune_form_submissions,
    ),
]


def run_due_jobs(jobs: list[Job] | None = None) -> list[tuple[str, str]]:
    """Run every job whose interval has passed; (name, result) of those run.

    Each call is a tick of the scheduler: its heartbeat says so to the
    healthcheck (`scripts/healthcheck.py scheduler`).
    """
    heartbeats.beat(heartbeats.scheduler_name())
    done = []
    for job in JOBS if jobs is None else jobs:
        interval = job.every()
        if interval is None:
            continue
        with transaction.atomic():
            PeriodicJob.objects.bulk_create(
                [PeriodicJob(name=job.name)], ignore_conflicts=True
            )
            row = (
                PeriodicJob.objects.select_for_update(skip_locked=True)
                .filter(name=job.name)
                .first()
            )
            now = timezone.now()
            if row is None or (row.last_run_at and now - row.last_run_at < interval):
                continue  # Running in another scheduler, or not due yet.
            try:
                with transaction.atomic():
                    result = job.run()
            except Exception as error:
                # Logged with its traceback; tried again at the next interval,
                # and the other jobs still run.
                logger.exception("Periodic job %s failed.", job.name)
                result = f"failed: {error!r}"
            row.last_run_at, row.last_result = now, result[:200]
            row.save()
        done.append((job.name, result))
    return done
