"""Faults and load against gunicorn with the real settings."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
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


def start_postgres(data_dir):
    """Start the stopped server the way pgserver does: Unix socket only."""
    pgdata = data_dir / "postgres"
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


def test_postgres_restart_gives_503_then_recovers_without_restarting_the_app(
    gunicorn, migrated_data_dir
):
    data_dir = migrated_data_dir
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

    start_postgres(data_dir)
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


def signed_up_browser(base_url: str):
    """A cookie-keeping client, signed up and signed in through the real form."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with browser.open(base_url + "accounts/signup/", timeout=10) as page:
        html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    form = {
        "csrfmiddlewaretoken": token[1],
        "username": "lectrice",
        "password1": "correct-horse-battery-staple",
        "password2": "correct-horse-battery-staple",
    }
    data = urllib.parse.urlencode(form).encode()
    with browser.open(base_url + "accounts/signup/", data=data, timeout=10) as page:
        assert 'class="account-name"' in page.read().decode()
    return browser


def browse(browser, url: str):
    """GET url with the browser's cookies: (status, headers, body)."""
    try:
        with browser.open(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_signed_in_readers_get_the_outage_page_with_its_headers(
    gunicorn, migrated_data_dir
):
    browser = signed_up_browser(gunicorn.url)

    pg_ctl(migrated_data_dir, "-w", "-m", "fast", "stop")
    for path in ("", "forum/", "dossiers/", "accounts/profile/"):
        status, headers, body = browse(browser, gunicorn.url + path)
        # Not a 500: the session (read from the database) is what failed.
        assert status == 503, path
        assert headers["Retry-After"] == "30"
        assert "<h1>" in body
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"

    start_postgres(migrated_data_dir)
    wait_for(gunicorn.url + "healthz", timeout=30)
    # Once it is back, the same session is still signed in.
    status, _headers, body = browse(browser, gunicorn.url)
    assert status == 200
    assert 'class="account-name"' in body


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
