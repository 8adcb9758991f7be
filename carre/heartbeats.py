"""Signs of life of the background processes, for their healthchecks.

A process that merely runs is not a process that works. The scheduler writes
a heartbeat each time it looks at the schedule; the worker's proof is a task:
the healthcheck queues `carre.tasks.heartbeat` and the beat is written only
when a worker has taken it from the queue and run it. Both live in the
database (Heartbeat), so the check works from any host.
`scripts/healthcheck.py worker|scheduler` calls check_worker/check_scheduler.
"""

import datetime
import socket
import time

from django.conf import settings
from django.utils import timezone

from carre.models import Heartbeat

WORKER = "worker"


def scheduler_name() -> str:
    """One heartbeat per scheduler host (a container's host name is its own)."""
    return f"scheduler@{socket.gethostname()}"


def beat(name: str) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def last_beat_age(name: str) -> datetime.timedelta | None:
    beat_at = (
        Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    )
    return None if beat_at is None else timezone.now() - beat_at


def check_scheduler() -> tuple[bool, str]:
    """Has this host's scheduler ticked within CARRE_HEARTBEAT_MAX_AGE?"""
    return _verdict(scheduler_name(), last_beat_age(scheduler_name()))


def check_worker() -> tuple[bool, str]:
    """Has a worker run a heartbeat task within CARRE_HEARTBEAT_MAX_AGE?

    Each check queues the next heartbeat task (one waiting at a time, ahead
    of other work); with no recent beat, it waits a little for that task, so
    a worker that has just started is healthy at its first check.
    """
    _queue_heartbeat_task()
    age = last_beat_age(WORKER)
    deadline = time.monotonic() + min(20, settings.CARRE_HEARTBEAT_MAX_AGE)
    while not _recent(age) and time.monotonic() < deadline:
        time.sleep(0.5)
        age = last_beat_age(WORKER)
    return _verdict(WORKER, age)


def _queue_heartbeat_task() -> None:
    from django_tasks_db.models import DBTaskResult

    from carre.tasks import heartbeat

    tasks = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    # The proof is the Heartbeat row: finished heartbeat tasks are not kept.
    tasks.finished().delete()
    if not tasks.ready().exists():
        heartbeat.enqueue()


def _recent(age: datetime.timedelta | None) -> bool:
    limit = datetime.timedelta(seconds=settings.CARRE_HEARTBEAT_MAX_AGE)
    return age is not None and age <= limit


def _verdict(name: str, age: datetime.timedelta | None) -> tuple[bool, str]:
    if age is None:
        return False, f"unhealthy: no heartbeat from {name} yet"
    seconds = round(age.total_seconds())
    if not _recent(age):
        return False, f"unhealthy: last heartbeat from {name} {seconds} s ago"
    return True, f"healthy: last heartbeat from {name} {seconds} s ago"
