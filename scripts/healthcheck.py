"""Exit 0 when a Carré process is healthy, 1 otherwise.

    python scripts/healthcheck.py            # web: /healthz answers 200
    python scripts/healthcheck.py worker     # a worker ran a task recently
    python scripts/healthcheck.py scheduler  # this host's scheduler ticked

Used by the Docker image's HEALTHCHECK and docker-compose.yml. For the web,
it sends the first allowed host name (Django refuses unknown hosts) and says
the request came through the HTTPS proxy (honoured only with
CARRE_BEHIND_PROXY=1, which CARRE_HTTPS=1 needs). The worker and scheduler
checks read their heartbeats in the database (carre/heartbeats.py); a
heartbeat older than CARRE_HEARTBEAT_MAX_AGE seconds is unhealthy.
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

URL = os.environ.get("CARRE_HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else "web"
    if mode == "web":
        return check_web()
    if mode in {"worker", "scheduler"}:
        return check_background(mode)
    print(f"usage: healthcheck.py [web|worker|scheduler]; got {mode!r}")
    return 2


def check_background(mode: str) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carre.settings")
    import django
    from django.db import DatabaseError

    django.setup()
    from carre import heartbeats

    check = heartbeats.check_worker if mode == "worker" else heartbeats.check_scheduler
    try:
        healthy, line = check()
    except DatabaseError as error:
        healthy, line = False, f"unhealthy: database: {error}".splitlines()[0]
    print(line)
    return 0 if healthy else 1


def check_web() -> int:
    hosts = [
        host.strip().lstrip(".")
        for host in os.environ.get("CARRE_ALLOWED_HOSTS", "").split(",")
        if host.strip() and host.strip() != "*"
    ]
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL
        URL,
        headers={
            "Host": hosts[0] if hosts else "localhost",
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            status = response.status
            body = response.read(500).decode(errors="replace")
    except urllib.error.HTTPError as error:
        status = error.code
        body = error.read(500).decode(errors="replace")
    except OSError as error:
        print(f"unhealthy: {error}")
        return 1
    print(f"{status} {body}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
