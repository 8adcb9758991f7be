"""A bounded load test of Carré on this machine, stopping by itself.

    uv run scripts/loadtest.py --duration 30 --users 20

It creates a temporary embedded PostgreSQL with the demo data and one account
per simulated user, starts gunicorn with the real settings on a free loopback
port, and lets the users browse (home, forum, threads, dossiers, search) and
write (forum replies, profile edits) for --duration seconds. Then it checks
every accepted write in the database (each reply stored exactly once, each
profile holding its last accepted value), prints requests/s, latencies and
server errors, and exits 1 on any server error or lost write.

The users' posting limits are raised (CARRE_POSTS_PER_MINUTE) so that writes
reach the database instead of the rate limiter.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-2026"  # noqa: S105 - throwaway accounts

SETUP = """
import json
from carre import demo
from accounts.models import User
from forum.models import Thread
from dossiers.models import Dossier
demo.load()
for number in range({users}):
    user, created = User.objects.get_or_create(username=f"load{{number}}")
    if created:
        user.set_password({password!r})
        user.save()
print(json.dumps({{
    "threads": list(Thread.objects.values_list("pk", flat=True)[:20]),
    "dossiers": [d.get_absolute_url() for d in Dossier.objects.all()[:20]],
}}))
"""

VERIFY = """
import json
from collections import Counter
from accounts.models import User
from forum.models import Post
replies = Post.objects.filter(body__startswith="Load test reply ")
names = User.objects.filter(username__startswith="load")
print(json.dumps({
    "bodies": Counter(replies.values_list("body", flat=True)),
    "names": dict(names.values_list("username", "display_name")),
}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    replies_accepted: list[str] = field(default_factory=list)
    replies_rejected: int = 0
    names_accepted: dict[str, str] = field(default_factory=dict)

    by_page: dict[str, list[float]] = field(default_factory=dict)

    def record(self, method, path, status, seconds):
        page = method + " " + re.sub(r"/\d+/", "/<id>/", path.split("?")[0])
        with self.lock:
            self.latencies.append(seconds)
            self.by_page.setdefault(page, []).append(seconds)
            self.statuses[status] += 1
            if status >= 500 or status == 0:
                self.errors.append(f"{method} {path} -> {status}")


class User:
    """One simulated visitor with its own cookies, logged in as load<N>."""

    def __init__(self, base, number, site, results, deadline):
        self.base = base
        self.username = f"load{number}"
        self.site = site
        self.results = results
        self.deadline = deadline
        self.random = random.Random(number)  # noqa: S311 - not security
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )
        self.writes = 0

    def request(self, method, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - our own http server
            self.base + path, data=body, method=method
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError as error:
            status, text = 0, str(error)
        self.results.record(method, path, status, time.perf_counter() - started)
        return status, text

    def csrf(self, path):
        _status, text = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        return match.group(1) if match else ""

    def log_in(self):
        token = self.csrf("/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "login": self.username,
                "password": PASSWORD,
            },
        )
        return status == 302

    def reply(self):
        thread = self.random.choice(self.site["threads"])
        token = self.csrf(f"/forum/t/{thread}/")
        self.writes += 1
        marker = f"Load test reply {self.username}-{self.writes}"
        status, _ = self.request(
            "POST",
            f"/forum/t/{thread}/reply/",
            {"csrfmiddlewaretoken": token, "body": marker},
        )
        with self.results.lock:
            if status in (200, 302):
                self.results.replies_accepted.append(marker)
            else:
                self.results.replies_rejected += 1

    def edit_profile(self):
        token = self.csrf("/accounts/profile/")
        self.writes += 1
        name = f"Load {self.username} {self.writes}"
        status, _ = self.request(
            "POST",
            "/accounts/profile/",
            {
                "csrfmiddlewaretoken": token,
                "display_name": name,
                "language": "fr",
                "email_notifications": "on",
            },
        )
        if status == 302:
            with self.results.lock:
                self.results.names_accepted[self.username] = name

    def read(self):
        choices = ["/", "/forum/", "/dossiers/", "/search/?q=Savari", "/healthz"]
        choices += [f"/forum/t/{pk}/" for pk in self.site["threads"][:5]]
        choices += self.site["dossiers"][:5]
        self.request("GET", self.random.choice(choices))

    def run(self):
        if not self.log_in():
            with self.results.lock:
                self.results.errors.append(f"{self.username} could not log in")
            return
        while time.monotonic() < self.deadline:
            roll = self.random.random()
            if roll < 0.10 and self.site["threads"]:
                self.reply()
            elif roll < 0.15:
                self.edit_profile()
            else:
                self.read()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage_shell(code, env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py shell failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_healthy(url, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn never became healthy")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn"
    )
    options = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="carre-load-"))
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CARRE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="carre.settings",
        CARRE_DATA_DIR=str(data_dir),
        CARRE_ALLOWED_HOSTS="127.0.0.1",
        CARRE_POSTS_PER_MINUTE="100000",
        CARRE_NEW_USER_QUEUE_POSTS="0",
        PYTHONUNBUFFERED="1",
    )
    server = None
    try:
        print(f"Preparing a database with the demo data in {data_dir}...")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=600,
        )
        site = manage_shell(SETUP.format(users=options.users, password=PASSWORD), env)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "carre.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={options.workers}",
                "--timeout=60",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base + "/healthz", server)

        print(
            f"Load: {options.users} users, {options.duration:.0f} s, "
            f"gunicorn with {options.workers} workers on {base}"
        )
        results = Results()
        deadline = time.monotonic() + options.duration
        users = [
            User(base, number, site, results, deadline)
            for number in range(options.users)
        ]
        started = time.monotonic()
        threads = [threading.Thread(target=user.run) for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

        stored = manage_shell(VERIFY, env)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(60)
        shutil.rmtree(data_dir, ignore_errors=True)

    bodies = Counter(stored["bodies"])
    lost = [m for m in results.replies_accepted if bodies.get(m, 0) != 1]
    duplicated = [body for body, count in bodies.items() if count > 1]
    stale = [
        username
        for username, name in results.names_accepted.items()
        if stored["names"].get(username) != name
    ]
    latencies = results.latencies
    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    failed = sum(n for status, n in results.statuses.items() if status == 0)

    print(f"requests: {len(latencies)} in {elapsed:.1f} s")
    print(f"requests/s: {len(latencies) / elapsed:.1f}")
    print(
        f"latency ms: median {statistics.median(latencies) * 1000:.0f}, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f}, "
        f"max {max(latencies) * 1000:.0f}"
    )
    print(
        "statuses: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(results.statuses.items()))
    )
    print(f"server errors (5xx): {server_errors}")
    print(f"connection failures: {failed}")
    print(
        f"replies: {len(results.replies_accepted)} accepted, "
        f"{results.replies_rejected} rejected, {len(lost)} lost, "
        f"{len(duplicated)} duplicated"
    )
    print(
        f"profile edits: {len(results.names_accepted)} users, "
        f"{len(stale)} not holding their last accepted value"
    )
    print("median ms by page:")
    for page, times in sorted(results.by_page.items()):
        median = statistics.median(times) * 1000
        print(f"  {page}: {median:.0f} ({len(times)} requests)")
    for error in results.errors[:10]:
        print(f"error: {error}")
    ok = not (server_errors or failed or lost or duplicated or stale or results.errors)
    print("result: OK" if ok else "result: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
