"""Give tasks whose worker died back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it and never looks
back: a worker killed mid-task (OOM, `docker kill`, a host reboot) leaves it
RUNNING forever. Every task of Carré is idempotent (a source fetch updates the
one source it was given), so running such a task again is safe.
"""

import datetime

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# Far longer than any task of ours runs (a fetch gives up after seconds), so a
# task still running on a live worker is never taken from it.
STALE_AFTER = datetime.timedelta(minutes=15)


@transaction.atomic
def requeue_stale_tasks(*, older_than: datetime.timedelta = STALE_AFTER) -> int:
    """Put RUNNING tasks started before `older_than` ago back to READY."""
    deadline = timezone.now() - older_than
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=deadline
    ).update(status=TaskResultStatus.READY, started_at=None)
