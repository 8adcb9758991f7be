"""Helpers for the operations tests: real commands in subprocesses, each on its
own temporary embedded PostgreSQL, never the suite's database."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

# The local server of fixture pages, for sources fetched by a real worker.
from tests.sources.conftest import fixture_server  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def command_env(data_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: real settings, no test settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CARRE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env["DJANGO_SETTINGS_MODULE"] = "carre.settings"
    env["PYTHONUNBUFFERED"] = "1"
    if data_dir is not None:
        env["CARRE_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def manage_on_test_db(*args: str, **extra_env: str) -> subprocess.Popen:
    """`manage.py ARGS` with the real settings, on this test's database.

    For tests that need the transactional_db fixture: the command runs in its
    own process and sees only what the test has committed.
    """
    from django.db import connection

    from carre import embedded_db

    socket_dir = embedded_db.socket_dir(Path(connection.settings_dict["DATA_DIR"]))
    name = connection.settings_dict["NAME"]
    env = command_env(
        DATABASE_URL=f"postgresql://postgres@/{name}?host={socket_dir}",
        CARRE_FETCH_ALLOW_PRIVATE="1",
        CARRE_SECRET_KEY="test-command-" + "x" * 40,
        **extra_env,
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def manage(*args: str, env: dict, timeout: float = 120, check: bool = True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result


def fetch(url: str, *, timeout: float = 5) -> tuple[int, str]:
    """GET url; (status, body), HTTP errors included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url: str, *, status: int = 200, timeout: float = 90, process=None):
    """Poll url until it answers with status; fail early if process died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"server exited with {process.returncode}:\n{output}")
        try:
            last = fetch(url, timeout=2)
            if last[0] == status:
                return last
        except OSError as error:
            last = error
        time.sleep(0.2)
    pytest.fail(f"{url} never answered {status}; last: {last}")


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    """PostgreSQL processes started for this data folder."""
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "postgres" in (process.info["name"] or "") and str(data_dir) in cmdline:
            found.append(process)
    return found


def stop_process_group(process: subprocess.Popen, sig=signal.SIGINT, timeout=30):
    """Like Ctrl-C in a terminal: signal the whole group, then wait."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    return process.returncode


def wait_until_gone(data_dir: Path, timeout: float = 20) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in postgres_processes(data_dir) if _alive(p)]
        if not left:
            return []
        time.sleep(0.2)
    return [p for p in postgres_processes(data_dir) if _alive(p)]


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def data_dir():
    """A temporary CARRE_DATA_DIR (short path: PostgreSQL's socket lives in it)."""
    path = Path(tempfile.mkdtemp(prefix="carre-ops-"))
    yield path
    for process in postgres_processes(path):
        # A test that failed half-way must not leave its server behind.
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def migrated_data_dir(data_dir):
    """A temporary embedded database with every migration applied."""
    manage("migrate", "--noinput", env=command_env(data_dir), timeout=180)
    return data_dir
