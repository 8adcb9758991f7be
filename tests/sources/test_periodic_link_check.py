"""The scheduler's daily link check, run for real against the fixture server."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carre.models import PeriodicJob
from carre.periodic import run_due_jobs
from sources.models import Source


def ran(results) -> set[str]:
    return {name for name, _result in results}


def test_scheduler_checks_links_once_per_interval(
    allow_private, fixture_server, make_source
):
    make_source("gone", url=fixture_server + "/gone")
    make_source("alive", url=fixture_server + "/good")

    assert "check_links" in ran(run_due_jobs())
    assert Source.objects.get(key="gone").link_status == Source.LinkStatus.DEAD
    assert Source.objects.get(key="alive").link_status == Source.LinkStatus.OK

    # Not due again until CARRE_LINK_CHECK_HOURS have passed.
    Source.objects.update(link_status=Source.LinkStatus.UNCHECKED)
    assert "check_links" not in ran(run_due_jobs())
    assert Source.objects.get(key="gone").link_status == Source.LinkStatus.UNCHECKED

    a_day_ago = timezone.now() - datetime.timedelta(hours=24, minutes=1)
    PeriodicJob.objects.filter(name="check_links").update(last_run_at=a_day_ago)
    assert "check_links" in ran(run_due_jobs())
    assert Source.objects.get(key="gone").link_status == Source.LinkStatus.DEAD
    job = PeriodicJob.objects.get(name="check_links")
    assert job.last_result == "2 link checks queued"


def test_link_checks_can_be_switched_off(settings, fixture_server, make_source):
    settings.CARRE_LINK_CHECK_HOURS = 0
    make_source("gone", url=fixture_server + "/gone")
    assert "check_links" not in ran(run_due_jobs())
    assert Source.objects.get().link_status == Source.LinkStatus.UNCHECKED


def test_run_periodic_once_prints_what_ran(db, capsys):
    call_command("run_periodic", "--once")
    printed = capsys.readouterr().out
    assert "check_links: 0 link checks queued" in printed
    assert "prune_task_results: 0 finished task results deleted" in printed
    call_command("run_periodic", "--once")
    assert capsys.readouterr().out == ""  # nothing due any more


def task_result(status, *, finished_days_ago=None):
    now = timezone.now()
    finished = None
    if finished_days_ago is not None:
        finished = now - datetime.timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="sources.tasks.check_link",
        backend_name="default",
        run_after=now,
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )


def test_old_finished_task_results_are_pruned(db, settings):
    settings.CARRE_TASK_RESULTS_KEEP_DAYS = 30
    old = task_result("SUCCESSFUL", finished_days_ago=31)
    old_failure = task_result("FAILED", finished_days_ago=40)
    recent = task_result("SUCCESSFUL", finished_days_ago=2)
    waiting = task_result("READY")
    assert "prune_task_results" in ran(run_due_jobs())
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk}
    assert old.pk not in left and old_failure.pk not in left


@pytest.mark.django_db(transaction=True)
def test_a_job_running_in_another_scheduler_is_skipped():
    run_due_jobs()  # every job has its row now
    PeriodicJob.objects.update(last_run_at=None)
    holding, release = threading.Event(), threading.Event()

    def other_scheduler():
        try:
            with transaction.atomic():
                PeriodicJob.objects.select_for_update().get(name="check_links")
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_scheduler)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        done = ran(run_due_jobs())
    finally:
        release.set()
        thread.join(timeout=30)
    assert "check_links" not in done
    assert "prune_task_results" in done
    assert PeriodicJob.objects.get(name="check_links").last_run_at is None


def test_a_failing_job_is_logged_and_the_others_still_run(db, caplog):
    from carre.periodic import JOBS, Job

    def broken():
        raise RuntimeError("the archive is down")

    jobs = [Job("broken", JOBS[0].every, broken), *JOBS[1:]]
    done = dict(run_due_jobs(jobs))
    assert done["broken"] == "failed: RuntimeError('the archive is down')"
    assert "prune_task_results" in done
    assert "Periodic job broken failed." in caplog.text
    # Tried again at its next interval, not at every look at the schedule.
    assert "broken" not in ran(run_due_jobs(jobs))
