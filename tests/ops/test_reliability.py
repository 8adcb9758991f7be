"""Faults and load against gunicorn with the real settings."""

import os
import signal
import subprocess
import sys
import time
import warnings

import psutil
import pytest

from tests.ops.conftest import (
    ROOT,
    command_env,
    fetch,
    free_port,
    stop_process_group,
    wait_for,
    wait_until_gone,
)


@pytest.fixture
def gunicorn(migrated_data_dir):
    port = free_port()
    env = command_env(migrated_data_dir, CARRE_ALLOWED_HOSTS="127.0.0.1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "carre.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            # One worker, already connected when the test stops PostgreSQL: a
            # worker connecting for the first time would attach to the embedded
            # server through pgserver, which starts it again.
            "--workers=1",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    process.url = f"http://127.0.0.1:{port}/"
    wait_for(process.url + "healthz", process=process)
    yield process
    stop_process_group(process, signal.SIGTERM)


def docker_healthcheck(gunicorn) -> int:
    """The Docker image's HEALTHCHECK command, pointed at this server."""
    env = command_env(
        CARRE_ALLOWED_HOSTS="127.0.0.1",
        CARRE_HEALTHCHECK_URL=gunicorn.url + "healthz",
    )
    return subprocess.run(
        [sys.executable, "scripts/healthcheck.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=30,
    ).returncode


def pg_ctl(data_dir, *args):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        from pgserver._commands import pg_ctl

    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(list(args), pgdata=data_dir / "postgres", user=user, timeout=60)


def test_postgres_restart_gives_503_then_recovers_without_restarting_the_app(
    gunicorn, migrated_data_dir
):
    data_dir = migrated_data_dir
    pgdata = data_dir / "postgres"
    workers = {child.pid for child in psutil.Process(gunicorn.pid).children()}
    assert docker_healthcheck(gunicorn) == 0

    pg_ctl(data_dir, "-w", "-m", "fast", "stop")
    status, body = fetch(gunicorn.url + "healthz")
    assert status == 503
    assert '"database": "unreachable"' in body
    status, body = fetch(gunicorn.url + "forum/")
    assert status == 503  # "back in a moment", not a crash or a hung request
    assert "<h1>" in body
    assert docker_healthcheck(gunicorn) == 1

    # Started again the way pgserver starts it: Unix socket only, same folder.
    pg_ctl(
        data_dir,
        "-w",
        "-o",
        '-h ""',
        "-o",
        f"-k {pgdata}",
        "-l",
        f"{pgdata}/log",
        "start",
    )
    wait_for(gunicorn.url + "healthz", timeout=30)
    status, body = fetch(gunicorn.url)
    assert status == 200
    assert "Carré" in body
    assert docker_healthcheck(gunicorn) == 0

    # The same processes served before and after: nothing was restarted.
    assert gunicorn.poll() is None
    assert {child.pid for child in psutil.Process(gunicorn.pid).children()} == workers

    # And once the app stops, so does the restarted server.
    stop_process_group(gunicorn, signal.SIGTERM)
    assert wait_until_gone(data_dir) == []


def test_load_test_script_reports_no_server_error_and_no_lost_write():
    """A short run of scripts/loadtest.py (docs/operations.md has a longer one)."""
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "scripts/loadtest.py",
            "--duration=5",
            "--users=6",
            "--workers=2",
        ],
        cwd=ROOT,
        env=command_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    output = result.stdout
    assert "server errors (5xx): 0" in output
    assert "0 lost, 0 duplicated" in output
    assert "requests/s: " in output
    assert "p95 " in output
    assert time.monotonic() - started < 300
