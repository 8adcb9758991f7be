"""A worker killed in the middle of a source fetch: the task runs again, once.

Real parts: the django-tasks-db worker in its own process, the test database
on the embedded PostgreSQL, and a local HTTP server that is slow the first time.
"""

import datetime
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from carre.task_recovery import requeue_stale_tasks
from sources import services
from sources.models import Source
from tests.ops.conftest import manage_on_test_db

PAGE = (
    b"<html><head><title>Conseil municipal de Reims</title>"
    b'<meta property="og:site_name" content="Ville de Reims"></head>'
    b"<body><p>Le logiciel Savari a co\xc3\xbbt\xc3\xa9 60 000 euros.</p></body></html>"
)


class SlowOnceHandler(BaseHTTPRequestHandler):
    calls = 0
    first_request = threading.Event()

    def do_GET(self):
        type(self).calls += 1
        if type(self).calls == 1:
            type(self).first_request.set()
            time.sleep(30)  # the worker is killed while it waits here
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_server():
    SlowOnceHandler.calls = 0
    SlowOnceHandler.first_request.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowOnceHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/conseil"
    server.shutdown()
    server.server_close()


def worker(*args):
    """`manage.py db_worker` on this test's database, with the real settings."""
    return manage_on_test_db("db_worker", "--no-startup-delay", *args)


def task_of(source):
    return DBTaskResult.objects.get(args_kwargs__args=[source.pk])


def test_killed_worker_task_runs_again_and_makes_no_duplicate(
    transactional_db, settings, slow_server, contributor
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    source, created = services.add_source_by_url(url=slow_server, added_by=contributor)
    assert created

    first = worker("--interval", "0.2")
    try:
        assert SlowOnceHandler.first_request.wait(timeout=60), first.stdout
        first.send_signal(signal.SIGKILL)  # no clean shutdown: killed mid-fetch
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert task_of(source).status == TaskResultStatus.RUNNING

    # What the worker service does when it starts again.
    assert requeue_stale_tasks(older_than=datetime.timedelta(0)) == 1
    second = worker("--batch")
    output, _ = second.communicate(timeout=120)
    assert second.returncode == 0, output

    task = task_of(source)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2
    assert Source.objects.filter(url=source.url).count() == 1
    source.refresh_from_db()
    assert source.title == "Conseil municipal de Reims"
