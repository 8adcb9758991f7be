"""`manage.py demo`: the one-command try-out, run for real in subprocesses."""

import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.apps import apps

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from carre import demo
from tests.ops.conftest import (
    ROOT,
    command_env,
    fetch,
    free_port,
    postgres_processes,
    stop_process_group,
    wait_for,
    wait_until_gone,
)


class DemoProcess:
    """`uv run manage.py demo ADDRPORT` in its own process group, output kept."""

    def __init__(self, data_dir, port, *extra, env=None):
        uv = shutil.which("uv")
        runner = [uv, "run", "--no-sync"] if uv else [sys.executable]
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [*runner, "manage.py", "demo", f"127.0.0.1:{port}", *extra],
            cwd=ROOT,
            env=command_env(data_dir, **(env or {})),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_healthy(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._reader.join(5)
                pytest.fail(f"demo exited early:\n{self.output}")
            try:
                if fetch(self.url + "healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"demo never became healthy:\n{self.output}")

    def stop(self, sig):
        code = stop_process_group(self.process, sig)
        self._reader.join(5)
        return code


@pytest.fixture
def demos():
    started = []

    def start(*args, **kwargs):
        started.append(DemoProcess(*args, **kwargs))
        return started[-1]

    yield start
    for process in started:
        stop_process_group(process.process, signal.SIGKILL, timeout=10)


def test_demo_serves_the_site_then_stops_its_database(data_dir, demos):
    first = demos(data_dir, free_port())
    first.wait_healthy()

    _status, body = wait_for(first.url, timeout=30)
    assert "Carré" in body
    assert f"Carré demo: {first.url}" in first.output
    for username, _name, role in DEMO_USERS:
        assert f"{username} / {DEMO_PASSWORD}" in first.output, role
    assert postgres_processes(data_dir)

    # Ctrl-C in the terminal: SIGINT to the autoreloader and its child.
    first.stop(signal.SIGINT)
    assert wait_until_gone(data_dir) == []


def test_second_demo_on_the_same_data_reuses_the_running_database(data_dir, demos):
    first = demos(data_dir, free_port())
    first.wait_healthy()

    # Same port: refused with a message saying why, before touching anything.
    clash = subprocess.run(
        [sys.executable, "manage.py", "demo", f"127.0.0.1:{first.port}"],
        cwd=ROOT,
        env=command_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert clash.returncode != 0
    assert "is not available" in clash.stderr
    assert "Traceback" not in clash.stderr

    # Another port: shares the running server, its data loaded only once.
    second = demos(data_dir, free_port(), "--noreload")
    second.wait_healthy()
    assert fetch(second.url)[0] == 200
    second.stop(signal.SIGTERM)

    # The first demo's database is still there, intact. (wait_for: the
    # autoreloader may be restarting if a source file just changed.)
    wait_for(first.url + "healthz", timeout=30)
    _status, body = wait_for(first.url, timeout=30)
    assert "Carré" in body
    first.stop(signal.SIGTERM)
    handles = data_dir / "postgres/.handle_pids.json"
    assert wait_until_gone(data_dir) == [], (handles.read_text(), first.output)
    assert "database system is shut down" in (data_dir / "postgres/log").read_text()


ADD_SOURCE = """
import sys
from accounts.models import User
from sources import services
source, _created = services.add_source_by_url(
    url=sys.argv[1], added_by=User.objects.get(username="kanopai")
)
print(source.key)
"""


def test_demo_worker_fetches_a_source_added_while_it_runs(
    data_dir, demos, fixture_server
):
    site = demos(data_dir, free_port(), env={"CARRE_FETCH_ALLOW_PRIVATE": "1"})
    site.wait_healthy()
    assert "A task worker runs beside the server" in site.output

    # Added the way the web form does it, from another process on the same data.
    added = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n" + ADD_SOURCE,
            fixture_server + "/good",
        ],
        cwd=ROOT,
        env=command_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]

    # The demo's own worker fetches it: the page shows the article's title.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = fetch(f"{site.url}sources/{key}/")[1]
        if "Reims teste un logiciel de relecture vidéo" in body:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"the source was never fetched:\n{site.output}")

    site.stop(signal.SIGINT)
    assert wait_until_gone(data_dir) == []


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
    }


def test_demo_data_loads_only_once(db):
    users = demo.load()
    after_first = row_counts()
    again = demo.load()
    assert row_counts() == after_first
    assert set(users) == {username for username, _name, _role in DEMO_USERS}
    assert {user.pk for user in again.values()} == {user.pk for user in users.values()}
    assert after_first["accounts.User"] == len(DEMO_USERS)
