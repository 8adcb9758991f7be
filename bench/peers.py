"""Side-by-side benchmark of Carré against Spirit, django-machina and django-wiki.

    uv run python bench/peers.py [--quick] [--peers spirit,machina,wiki]

A developer tool, not part of the site. It installs each peer from the package
index into a throwaway virtual environment under $TMPDIR/carre-bench/ (uv venv
+ uv pip install), writes a minimal Django project for it against its own
database in a private embedded PostgreSQL (carre/embedded_db.py), seeds the same
texts everywhere (bench/agent.py), then:

- renders each page in-process through Django's test Client, alternating
  Carré and the peer request by request (A, B, A, B …) after a warm-up, and
  reports the median and p90 times, the query count and the bytes (as sent,
  and gzipped at level 6 as a compressing proxy such as the shipped Caddy
  would send them);
- posts replies to the 1,000-post thread through each side's own reply view
  (Carré, Spirit, machina), alternating Carré and the peer, each from a new
  signed-in account that has posted before (bench/agent.py says why), and
  reports the median and p90 times and the queries of the POST;
- serves each side with gunicorn (2 workers, database connections kept) and
  sends the same bounded load from 8 threads (keep-alive where the server
  allows it), alternating blocks between Carré and the peer.

Prints a table of Carré/peer ratios (below 1: Carré is faster or lighter).
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = Path(
    os.environ.get("CARRE_BENCH_DIR") or Path(tempfile.gettempdir()) / "carre-bench"
)

# Versions that install on Python 3.12, each with a Django it supports: Spirit
# requires Django < 6, django-wiki < 6.1; machina sets no bound, kept on 4.2 LTS.
PEERS = {
    "spirit": {
        "packages": ["django-spirit==0.14.3", "django>=5.2,<5.3"],
        "dist": "django-spirit",
    },
    "machina": {
        "packages": ["django-machina==1.3.1", "django>=4.2,<5"],
        "dist": "django-machina",
    },
    "wiki": {"packages": ["wiki==0.13.0", "django>=6.0,<6.1"], "dist": "wiki"},
}
COMMON_PACKAGES = ["psycopg[binary]", "gunicorn"]
# What each peer is compared on: (Carré page, peer page), and posting a reply.
COMPARISONS = {
    "spirit": ["thread", "reply"],
    "machina": ["thread", "reply"],
    "wiki": ["article"],
}
# Replies posted by each side, after a warm-up, in every mode.
REPLIES, REPLY_WARMUP = 30, 3


# --- Environments and projects -----------------------------------------------


def uv() -> str:
    return shutil.which("uv") or str(Path(sys.executable).with_name("uv"))


def install(peer: str) -> Path:
    venv = WORK / f"venv-{peer}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run(
            [uv(), "venv", "-q", "--no-python-downloads", "-p", sys.executable, venv],
            check=True,
        )
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    subprocess.run(
        [uv(), "pip", "install", "-q", *PEERS[peer]["packages"], *COMMON_PACKAGES],
        check=True,
        env=env,
    )
    return python


def versions(python: Path, dists: list[str]) -> dict:
    code = (
        "import json, sys; from importlib.metadata import version; "
        "print(json.dumps({d: version(d) for d in sys.argv[1:]}))"
    )
    out = subprocess.run(
        [python, "-c", code, *dists], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


COMMON_SETTINGS = """
SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {{"default": {{
    "ENGINE": "django.db.backends.postgresql", "NAME": {db!r}, "USER": "postgres",
    "HOST": {host!r}, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,
}}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "bench_urls"
STATIC_URL = "/static/"
USE_TZ = True
LANGUAGE_CODE = "fr"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""

PEER_SETTINGS = {
    "spirit": """
from spirit.extra.project_template.project_name.settings.base import *  # noqa
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "st_rate_limit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "LOCATION": "spirit_rl"},
}
HAYSTACK_CONNECTIONS = {"default": {
    "ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
ST_TASK_MANAGER = None
ST_SITE_URL = "http://127.0.0.1/"
""",
    "machina": """
from machina import MACHINA_MAIN_TEMPLATE_DIR
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "django.contrib.admin",
    "mptt", "haystack", "widget_tweaks", "machina", "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls", "machina.apps.forum_feeds",
    "machina.apps.forum_moderation", "machina.apps.forum_search",
    "machina.apps.forum_tracking", "machina.apps.forum_member",
    "machina.apps.forum_permission",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "machina.apps.forum_permission.middleware.ForumPermissionMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [MACHINA_MAIN_TEMPLATE_DIR], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "machina.core.context_processors.metadata",
    ]},
}]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "machina_attachments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "machina_attachments"},
}
HAYSTACK_CONNECTIONS = {"default": {
    "ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = 20
""",
    "wiki": """
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "django.contrib.admin",
    "django.contrib.sites", "django.contrib.humanize", "django_nyt", "mptt",
    "sekizai", "sorl.thumbnail", "wiki", "wiki.plugins.macros",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "sekizai.context_processors.sekizai",
    ]},
}]
SITE_ID = 1
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WIKI_ACCOUNT_HANDLING = False
""",
}

PEER_URLS = {
    "spirit": 'urlpatterns = [path("", include("spirit.urls"))]',
    "machina": 'urlpatterns = [path("forum/", include("machina.urls"))]',
    "wiki": (
        'urlpatterns = [path("notifications/", include("django_nyt.urls")),'
        ' path("", include("wiki.urls"))]'
    ),
}


def write_project(peer: str, host: str) -> Path:
    project = WORK / f"project-{peer}"
    project.mkdir(parents=True, exist_ok=True)
    (project / "bench_settings.py").write_text(
        PEER_SETTINGS[peer] + COMMON_SETTINGS.format(db=f"bench_{peer}", host=host)
    )
    (project / "bench_urls.py").write_text(
        "from django.urls import include, path\n\n" + PEER_URLS[peer] + "\n"
    )
    return project


def side_env(side: str, host: str, project: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    if side == "carre":
        env.update(
            DJANGO_SETTINGS_MODULE="carre.settings",
            DATABASE_URL=f"postgres://postgres@/bench_carre?host={host}",
            CARRE_DATA_DIR=str(WORK / "carre-data"),
            CARRE_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            CARRE_DEBUG="0",
            PYTHONPATH=str(ROOT),
        )
    else:
        env.update(DJANGO_SETTINGS_MODULE="bench_settings", PYTHONPATH=str(project))
    return env


def recreate_database(host: str, name: str) -> None:
    import psycopg

    with psycopg.connect(host=host, dbname="postgres", user="postgres") as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- In-process render times -------------------------------------------------


class Agent:
    """A `bench/agent.py serve` process answering one GET per request line."""

    def __init__(self, python, side, env, cwd):
        self.process = subprocess.Popen(
            [python, BENCH / "agent.py", side, "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=cwd,
            text=True,
        )

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("benchmark agent died")
        return json.loads(line)

    def get(self, path: str) -> dict:
        answer = self.ask({"get": path})
        if answer["status"] != 200:
            raise RuntimeError(f"{path} answered {answer['status']}")
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def p90(values):
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def save_pages(folder: Path, agents: dict, paths: dict, key: str) -> None:
    """Write each side's page to FOLDER/SIDE-KEY.html, to compare markup by eye."""
    folder.mkdir(parents=True, exist_ok=True)
    for side, agent in agents.items():
        agent.ask({"get": paths[side], "save": str(folder / f"{side}-{key}.html")})


def compare_renders(carre: Agent, peer: Agent, carre_path, peer_path, rounds, warmup):
    for _ in range(warmup):
        carre.get(carre_path)
        peer.get(peer_path)
    times = {"carre": [], "peer": []}
    sizes, gzipped, links = {}, {}, {}
    for _ in range(rounds):
        for name, agent, path in (
            ("carre", carre, carre_path),
            ("peer", peer, peer_path),
        ):
            answer = agent.get(path)
            times[name].append(answer["ms"])
            sizes[name] = answer["bytes"]
            gzipped[name] = answer["gzip"]
            links[name] = answer["links"]
    return {
        name: {
            "median": statistics.median(times[name]),
            "p90": p90(times[name]),
            "bytes": sizes[name],
            "gzip": gzipped[name],
            "links": links[name],
            "queries": agent.ask({"queries": path})["queries"],
        }
        for name, agent, path in (
            ("carre", carre, carre_path),
            ("peer", peer, peer_path),
        )
    }


def post_reply(agent: Agent, paths: dict) -> dict:
    """One reply to the seeded thread; a refused one raises."""
    answer = agent.ask({"post": paths["reply"], "page": paths["thread"]})
    if answer["status"] not in (200, 302) or answer["created"] != 1:
        raise RuntimeError(
            f"reply answered {answer['status']}, {answer['created']} post(s) created"
        )
    return answer


def compare_replies(carre: Agent, peer: Agent, carre_paths, peer_paths):
    """Alternate replies (A, B, A, B); the POST's time and queries."""
    sides = (("carre", carre, carre_paths), ("peer", peer, peer_paths))
    for _ in range(REPLY_WARMUP):
        for _name, agent, paths in sides:
            post_reply(agent, paths)
    answers = {"carre": [], "peer": []}
    for _ in range(REPLIES):
        for name, agent, paths in sides:
            answers[name].append(post_reply(agent, paths))
    result = {}
    for name, found in answers.items():
        times = [answer["ms"] for answer in found]
        queries = [answer["queries"] for answer in found]
        low, high = min(queries), max(queries)
        result[name] = {
            "median": statistics.median(times),
            "p90": p90(times),
            "bytes": None,
            "gzip": None,
            "links": None,
            # The same every time, or the range seen.
            "queries": str(low) if low == high else f"{low} to {high}",
            "statuses": sorted({answer["status"] for answer in found}),
        }
    return result


# --- Throughput under gunicorn -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(python: Path, app: str, env: dict, cwd) -> tuple:
    port = free_port()
    gunicorn = python.with_name("gunicorn")
    process = subprocess.Popen(
        [
            gunicorn,
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=cwd,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"gunicorn for {app} did not start")


def load(port: int, path: str, requests: int, threads: int = 8) -> float:
    """Send `requests` GETs from `threads` threads; return requests per second."""
    remaining = iter(range(requests))
    lock = threading.Lock()
    errors = []

    def worker():
        conn = None
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            for _attempt in range(2):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    conn.request("GET", path, headers={"Host": "127.0.0.1"})
                    response = conn.getresponse()
                    response.read()
                    if response.status != 200:
                        errors.append(response.status)
                    if response.will_close:
                        conn.close()
                        conn = None
                    break
                except (ConnectionError, http.client.HTTPException):
                    conn = None
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{path} answered {sorted(set(errors))} under load")
    return requests / elapsed


def compare_throughput(carre_port, carre_path, peer_port, peer_path, requests):
    """Alternate blocks (A, B, A, B) of requests/2 each; requests per second."""
    for port, path in ((carre_port, carre_path), (peer_port, peer_path)):
        load(port, path, 40)  # warm-up: both workers, caches, connections
    rates = {"carre": [], "peer": []}
    for _ in range(2):
        rates["carre"].append(load(carre_port, carre_path, requests // 2))
        rates["peer"].append(load(peer_port, peer_path, requests // 2))
    return {name: statistics.mean(values) for name, values in rates.items()}


# --- The run -----------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and rounds")
    parser.add_argument("--peers", default="spirit,machina,wiki")
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn runs")
    parser.add_argument(
        "--save-pages",
        type=Path,
        metavar="DIR",
        help="write each measured page's HTML there (SIDE-PAGE.html)",
    )
    args = parser.parse_args()
    sizes = [20, 60] if args.quick else [20, 60, 500, 2000]
    rounds, warmup = (15, 3) if args.quick else (40, 5)
    requests = 200 if args.quick else 400
    peers = [p for p in args.peers.split(",") if p]

    sys.path.insert(0, str(ROOT))
    from carre import embedded_db

    WORK.mkdir(parents=True, exist_ok=True)
    host = embedded_db.socket_dir(WORK / "pg")
    print(f"PostgreSQL socket {host}; work folder {WORK}", flush=True)

    sides = {"carre": {"python": Path(sys.executable), "cwd": ROOT, "project": None}}
    import django

    report = {"versions": {}, "broken": {}, "carre_django": django.get_version()}
    started_run = time.perf_counter()
    for peer in peers:
        print(f"installing {peer} …", flush=True)
        try:
            python = install(peer)
            dists = [PEERS[peer]["dist"], "django"]
            report["versions"][peer] = versions(python, dists)
            project = write_project(peer, host)
            sides[peer] = {"python": python, "cwd": project, "project": project}
        except subprocess.CalledProcessError as error:
            report["broken"][peer] = f"install failed: {error}"

    for side, info in list(sides.items()):
        print(f"seeding {side} …", flush=True)
        recreate_database(host, f"bench_{side}")
        info["env"] = side_env(side, host, info["project"])
        started = time.perf_counter()
        out = subprocess.run(
            [
                info["python"],
                BENCH / "agent.py",
                side,
                "setup",
                ",".join(map(str, sizes)),
            ],
            env=info["env"],
            cwd=info["cwd"],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            if side == "carre":
                sys.exit(f"Carré seeding failed:\n{out.stderr[-3000:]}")
            report["broken"][side] = out.stderr.strip().splitlines()[-1]
            print(out.stderr[-2000:], file=sys.stderr)
            del sides[side]
            continue
        info["paths"] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)

    rows = []
    agents = {
        side: Agent(info["python"], side, info["env"], info["cwd"])
        for side, info in sides.items()
    }
    try:
        carre_paths = sides["carre"]["paths"]
        for peer in [p for p in peers if p in sides]:
            peer_paths = sides[peer]["paths"]
            for kind in COMPARISONS[peer]:
                if kind == "reply":
                    print(f"replying: carre vs {peer} …", flush=True)
                    try:
                        result = compare_replies(
                            agents["carre"], agents[peer], carre_paths, peer_paths
                        )
                    except RuntimeError as error:
                        report["broken"][f"{peer} reply"] = str(error)
                        continue
                    rows.append({"page": "reply (POST)", "against": peer, **result})
                    continue
                keys = (
                    ["thread"] if kind == "thread" else [f"article-{s}" for s in sizes]
                )
                for key in keys:
                    print(f"rendering {key}: carre vs {peer} …", flush=True)
                    try:
                        result = compare_renders(
                            agents["carre"],
                            agents[peer],
                            carre_paths[key],
                            peer_paths[key],
                            rounds,
                            warmup,
                        )
                    except RuntimeError as error:
                        # A page that fails on one side: say so, measure the rest.
                        report["broken"][f"{peer} {key}"] = str(error)
                        continue
                    rows.append({"page": key, "against": peer, **result})
                    if args.save_pages:
                        save_pages(
                            args.save_pages,
                            {"carre": agents["carre"], peer: agents[peer]},
                            {"carre": carre_paths[key], peer: peer_paths[key]},
                            key,
                        )
    finally:
        for agent in agents.values():
            agent.close()

    throughput = []
    if not args.no_load:
        servers = {}
        try:
            for side, info in sides.items():
                app = (
                    "carre.wsgi:application"
                    if side == "carre"
                    else "django.core.wsgi:get_wsgi_application()"
                )
                servers[side] = start_gunicorn(
                    info["python"], app, info["env"], info["cwd"]
                )
            load_pages = {"spirit": "thread", "machina": "thread", "wiki": "article-60"}
            for peer in [p for p in peers if p in sides]:
                key = load_pages[peer]
                print(f"load {key}: carre vs {peer} …", flush=True)
                try:
                    rates = compare_throughput(
                        servers["carre"][1],
                        sides["carre"]["paths"][key],
                        servers[peer][1],
                        sides[peer]["paths"][key],
                        requests,
                    )
                except RuntimeError as error:
                    report["broken"][f"{peer} under gunicorn"] = str(error)
                    continue
                throughput.append({"page": key, "against": peer, **rates})
        finally:
            for process, _port in servers.values():
                process.terminate()
                process.wait(timeout=30)

    print_report(report, rows, throughput, args, rounds, requests)
    print(f"\nTotal {time.perf_counter() - started_run:.0f} s")


def print_report(report, rows, throughput, args, rounds, requests):
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print()
    print(f"Carré {commit}, Django {report['carre_django']}")
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    for peer, found in report["versions"].items():
        print(f"{peer}: " + ", ".join(f"{d} {v}" for d, v in found.items()))
    for peer, why in report["broken"].items():
        print(f"NOT MEASURED {peer}: {why}")
    print(f"\nIn-process render, {rounds} interleaved rounds (ms median / p90)")
    print(
        "| page | peer | Carré ms | peer ms | Carré queries | peer queries "
        "| Carré kB | peer kB | links shown | time ratio | bytes ratio "
        "| gzip kB Carré / peer | gzip ratio |"
    )
    print("| --- " * 13 + "|")
    for row in rows:
        c, p = row["carre"], row["peer"]
        if c["bytes"] is None:  # a reply: no page to weigh
            print(
                f"| {row['page']} | {row['against']} "
                f"| {c['median']:.1f} / {c['p90']:.1f} "
                f"| {p['median']:.1f} / {p['p90']:.1f} "
                f"| {c['queries']} | {p['queries']} | - | - | - "
                f"| {c['median'] / p['median']:.2f} | - | - | - |"
            )
            continue
        print(
            f"| {row['page']} | {row['against']} "
            f"| {c['median']:.1f} / {c['p90']:.1f} "
            f"| {p['median']:.1f} / {p['p90']:.1f} "
            f"| {c['queries']} | {p['queries']} "
            f"| {c['bytes'] / 1000:.0f} | {p['bytes'] / 1000:.0f} "
            f"| {c['links']} / {p['links']} "
            f"| {c['median'] / p['median']:.2f} | {c['bytes'] / p['bytes']:.2f} "
            f"| {c['gzip'] / 1000:.1f} / {p['gzip'] / 1000:.1f} "
            f"| {c['gzip'] / p['gzip']:.2f} |"
        )
    for row in rows:
        if row["carre"]["bytes"] is None:
            print(
                f"\nreply (POST) vs {row['against']}: {REPLIES} replies a side, "
                f"alternating, after {REPLY_WARMUP}; answered "
                f"{row['carre']['statuses']} (Carré), "
                f"{row['peer']['statuses']} (peer)"
            )
    if throughput:
        print(f"\ngunicorn, 2 workers, {requests} requests from 8 threads (req/s)")
        print("| page | peer | Carré req/s | peer req/s | Carré / peer |")
        print("| --- | --- | --- | --- | --- |")
        for row in throughput:
            print(
                f"| {row['page']} | {row['against']} | {row['carre']:.0f} "
                f"| {row['peer']:.0f} | {row['carre'] / row['peer']:.2f} |"
            )


if __name__ == "__main__":
    main()
