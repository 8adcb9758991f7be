"""The shipped proxy (deploy/Caddyfile) run by the real Caddy in front of gunicorn.

gunicorn runs with the real settings on a temporary embedded database and the
internal media prefix of docker-compose.yml; Caddy runs the shipped Caddyfile
itself, its site address, upstream and media folder given by the same
environment variables docker-compose.yml sets.
"""

import contextlib
import gzip
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.ops.conftest import (
    ROOT,
    command_env,
    free_port,
    manage,
    postgres_processes,
    stop_process_group,
    wait_for,
)

CADDY = shutil.which("caddy")
pytestmark = pytest.mark.skipif(
    CADDY is None, reason="Caddy is not installed (.ci/run installs Debian's caddy)"
)
INTERNAL_PREFIX = "/internal-media/"

# Two uploaded photos through the real service; the second source is then
# deleted by a moderator, its file left on disk.
ADD_SOURCES = """
import io, json
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from accounts.models import User
from sources import services

def png(colour):
    output = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(output, "PNG")
    return SimpleUploadedFile("photo.png", output.getvalue())

user = User.objects.create_user("camille", "camille@example.org", "x" * 20)
shown = services.add_source_by_upload(upload=png("red"), added_by=user, title="A")
removed = services.add_source_by_upload(upload=png("blue"), added_by=user, title="B")
removed_name = removed.file.name
removed.delete()
print(json.dumps({"shown": shown.file.name, "removed": removed_name, "key": shown.key}))
"""


def get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    """GET url without following redirects: (status, headers, raw body)."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def site():
    """A migrated embedded database with two uploads, gunicorn, and Caddy."""
    data_dir = Path(tempfile.mkdtemp(prefix="carre-proxy-"))
    processes = []
    try:
        env = command_env(
            data_dir,
            CARRE_ALLOWED_HOSTS="127.0.0.1",
            CARRE_MEDIA_INTERNAL_PREFIX=INTERNAL_PREFIX,
        )
        manage("migrate", "--noinput", env=env, timeout=180)
        files = json.loads(
            manage("shell", "-c", ADD_SOURCES, env=env).stdout.strip().splitlines()[-1]
        )
        web_port, proxy_port = free_port(), free_port()
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "carre.wsgi:application",
                f"--bind=127.0.0.1:{web_port}",
                "--workers=1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        processes.append(gunicorn)
        caddy_env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(data_dir),
            "XDG_DATA_HOME": str(data_dir / "caddy-data"),
            "XDG_CONFIG_HOME": str(data_dir / "caddy-config"),
            # Loopback, plain HTTP, no admin endpoint: otherwise the shipped file.
            "CARRE_DOMAIN": f"http://127.0.0.1:{proxy_port}",
            "CARRE_UPSTREAM": f"127.0.0.1:{web_port}",
            "CARRE_PROXY_ADMIN": "off",
            "CARRE_PROXY_MEDIA_ROOT": str(data_dir / "media"),
        }
        caddy = subprocess.Popen(
            [
                CADDY,
                "run",
                "--config",
                str(ROOT / "deploy/Caddyfile"),
                "--adapter",
                "caddyfile",
            ],
            env=caddy_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        processes.append(caddy)
        web_url = f"http://127.0.0.1:{web_port}/"
        proxy_url = f"http://127.0.0.1:{proxy_port}/"
        wait_for(web_url + "healthz", process=gunicorn)
        wait_for(proxy_url + "healthz", process=caddy, timeout=30)
        yield {
            "web": web_url,
            "proxy": proxy_url,
            "media": data_dir / "media",
            **files,
        }
    finally:
        for process in reversed(processes):
            stop_process_group(process, signal.SIGTERM)
        for process in postgres_processes(data_dir):
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_uploaded_file_is_streamed_by_caddy_after_djangos_check(site):
    stored = (site["media"] / site["shown"]).read_bytes()

    status, headers, body = get(site["proxy"] + "media/" + site["shown"])

    assert status == 200
    assert body == stored
    assert headers["Content-Type"] == "image/png"
    # The headers of Django's answer, kept by Caddy.
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("inline")
    assert "X-Accel-Redirect" not in headers
    # Django itself sent no byte of it: Caddy read it from the media folder.
    status, headers, body = get(site["web"] + "media/" + site["shown"])
    assert headers["X-Accel-Redirect"] == INTERNAL_PREFIX + site["shown"]
    assert body == b""


def test_file_of_a_removed_source_is_not_served_through_caddy(site):
    assert (site["media"] / site["removed"]).exists()

    status, _headers, body = get(site["proxy"] + "media/" + site["removed"])

    assert status == 404
    assert body != (site["media"] / site["removed"]).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        # The internal location is not an address from outside.
        "internal-media/{shown}",
        "internal-media/{removed}",
        "internal-media/secret_key",
        # Nor is the media folder itself, nor a way out of it.
        "{shown}",
        "media/",
        "media/secret_key",
        "media/sources/../secret_key",
        "media/sources/%2e%2e/secret_key",
        "media/sources/..%2fsecret_key",
    ],
)
def test_media_folder_is_not_reachable_without_djangos_permission(site, path):
    (site["media"] / "secret_key").write_text("not-for-visitors")
    url = site["proxy"] + path.format(shown=site["shown"], removed=site["removed"])

    status, _headers, body = get(url)

    assert status == 404
    assert b"not-for-visitors" not in body
    assert b"\x89PNG" not in body


def test_static_file_is_compressed_when_asked(site):
    original = (ROOT / "static/css/carre.css").read_bytes()

    status, headers, body = get(
        site["proxy"] + "static/css/carre.css", **{"Accept-Encoding": "gzip"}
    )

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == original
    assert len(body) < len(original)


def test_pages_keep_djangos_security_headers_through_caddy(site):
    status, headers, body = get(site["proxy"] + f"sources/{site['key']}/")

    assert status == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # The source's page links its file where the proxy serves it.
    assert f'src="/media/{site["shown"]}"'.encode() in body
