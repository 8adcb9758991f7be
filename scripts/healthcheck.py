"""Exit 0 when Carré's /healthz answers 200 on this machine, 1 otherwise.

Used by the Docker image's HEALTHCHECK. It sends the first allowed host name
(Django refuses unknown hosts) and says the request came through the HTTPS
proxy (honoured only with CARRE_BEHIND_PROXY=1, which CARRE_HTTPS=1 needs).
"""

import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("CARRE_HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def main() -> int:
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
    sys.exit(main())
