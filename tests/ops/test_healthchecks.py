"""The worker's and the scheduler's healthchecks prove that the process works.

The real processes run on a temporary embedded database, with the heartbeat
threshold (CARRE_HEARTBEAT_MAX_AGE) cut to a few seconds: the check goes
healthy once the process has worked, and unhealthy once it has stopped.
"""

import signal
import subprocess
import sys
import time

import pytest

from tests.ops.conftest import ROOT, command_env, stop_process_group

MAX_AGE = 3  # seconds


def healthcheck(mode: str, env: dict) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "scripts/healthcheck.py", mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout.strip()


def wait_for_health(mode: str, env: dict, *, code: int, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        returncode, line = healthcheck(mode, env)
        if returncode == code:
            return line
        time.sleep(0.5)
    pytest.fail(f"healthcheck {mode} never exited {code}; last: {line}")


def start(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.fixture
def env(migrated_data_dir):
    return command_env(migrated_data_dir, CARRE_HEARTBEAT_MAX_AGE=str(MAX_AGE))


def test_worker_healthcheck_follows_the_worker(env):
    returncode, line = healthcheck("worker", env)
    assert returncode == 1
    assert "no heartbeat from worker yet" in line

    worker = start("db_worker", env=env)
    try:
        line = wait_for_health("worker", env, code=0)
        assert line.startswith("healthy: last heartbeat from worker")
    finally:
        assert stop_process_group(worker, signal.SIGTERM) == 0

    time.sleep(MAX_AGE + 1)
    returncode, line = healthcheck("worker", env)
    assert returncode == 1
    assert line.startswith("unhealthy: last heartbeat from worker")


def test_scheduler_healthcheck_follows_the_scheduler(env):
    assert healthcheck("scheduler", env)[0] == 1

    scheduler = start("run_periodic", "--interval", "1", env=env)
    try:
        line = wait_for_health("scheduler", env, code=0)
        assert line.startswith("healthy: last heartbeat from scheduler@")
        # Still healthy after several thresholds: it keeps ticking.
        time.sleep(2 * MAX_AGE)
        assert healthcheck("scheduler", env)[0] == 0
    finally:
        assert stop_process_group(scheduler, signal.SIGTERM) == 0

    time.sleep(MAX_AGE + 1)
    returncode, line = healthcheck("scheduler", env)
    assert returncode == 1
    assert line.startswith("unhealthy: last heartbeat from scheduler@")


def test_healthcheck_without_a_database_is_unhealthy(data_dir):
    env = command_env(
        data_dir, DATABASE_URL="postgres://carre:secret@127.0.0.1:1/carre"
    )

    for mode in ("worker", "scheduler"):
        returncode, line = healthcheck(mode, env)
        assert returncode == 1
        assert line.startswith("unhealthy: database:")
        assert "secret" not in line
