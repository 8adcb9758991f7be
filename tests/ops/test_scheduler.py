"""The scheduler service: `run_periodic` queues the link checks, the worker
runs them, and SIGTERM (docker compose stop) ends it cleanly. Real processes
on the test database, against the local fixture server."""

import signal
import time

import pytest

from carre.models import PeriodicJob
from sources.models import Source
from tests.ops.conftest import manage_on_test_db


@pytest.mark.django_db(transaction=True)
def test_scheduler_and_worker_mark_a_dead_link(fixture_server):
    dead = Source.objects.create(key="gone", url=fixture_server + "/gone")
    scheduler = manage_on_test_db("run_periodic", "--interval", "0.2")
    try:
        deadline = time.monotonic() + 60
        while not PeriodicJob.objects.filter(
            name="check_links", last_run_at__isnull=False
        ).exists():
            assert scheduler.poll() is None, scheduler.stdout.read()
            assert time.monotonic() < deadline, "the scheduler never ran"
            time.sleep(0.2)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        output, _ = scheduler.communicate(timeout=30)
    assert scheduler.returncode == 0, output
    assert "check_links: 1 link checks queued" in output
    assert "Scheduler stopped." in output

    # The check is queued for the worker, which marks the link dead.
    worker = manage_on_test_db("db_worker", "--no-startup-delay", "--batch")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output
    dead.refresh_from_db()
    assert dead.link_status == Source.LinkStatus.DEAD
