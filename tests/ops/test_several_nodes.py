"""Two web nodes (two gunicorn servers) on one PostgreSQL and one real Redis:
what a self-hoster running several web containers relies on."""

import http.cookiejar
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.db import connection

from carre import embedded_db
from dossiers.models import Dossier
from dossiers.services.dossiers import create_dossier
from dossiers.services.sections import add_section
from forum.models import Category, Post
from forum.services import create_thread
from sources.models import Source
from tests.carre.conftest import redis_server  # noqa: F401
from tests.factories import PASSWORD, make_user
from tests.ops.conftest import (
    ROOT,
    command_env,
    free_port,
    stop_process_group,
    wait_for,
)
from tests.sources.test_uploads import jpeg_with_gps

WRONG = "Le pseudo et/ou le mot de passe sont incorrects."
TOO_MANY = "Trop de tentatives de connexion échouées"
SIGNED_IN = 'class="account-name"'
SITE_HOST = "carre.test"


class Node:
    """One web node: gunicorn with the real settings, on its own port."""

    def __init__(self, name: str, env: dict):
        self.name = name
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = None

    def start(self, *, wait: bool = True):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "carre.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=2",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if wait:
            self.wait_until_up()

    def wait_until_up(self):
        wait_for(self.url + "healthz", process=self.process, timeout=60)

    def kill(self):
        """Dies at once, as a crashed or killed container does."""
        stop_process_group(self.process, signal.SIGKILL)

    def stop(self):
        if self.process is not None:
            stop_process_group(self.process, signal.SIGTERM)


class Browser:
    """One visitor: a cookie jar shared by every node it visits.

    Every request names the site's host, as the proxy in front of the nodes
    passes it on: allauth's per-account login counter includes the host.
    """

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str) -> tuple[int, str]:
        return self._open(url)

    def post(self, url: str, form: dict, *, token_from: str) -> tuple[int, str]:
        """Send form from the page at token_from, with its CSRF token."""
        status, html = self.get(token_from)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, f"no form at {token_from} ({status})"
        data = {"csrfmiddlewaretoken": token[1], **form}
        return self._open(url, urllib.parse.urlencode(data).encode())

    def upload(self, url: str, fields: dict, files: dict) -> tuple[int, str]:
        """Send a multipart form from the page at url, with its CSRF token."""
        status, html = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, f"no form at {url} ({status})"
        boundary = "carre-several-nodes"
        parts = []
        for name, value in {"csrfmiddlewaretoken": token[1], **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
        for name, (filename, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                "\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self._open(url, body, content_type=content_type)

    def get_bytes(self, url: str) -> tuple[int, bytes]:
        request = urllib.request.Request(url, headers={"Host": SITE_HOST})  # noqa: S310
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def log_in(self, node: Node, username: str, password: str) -> tuple[int, str]:
        url = node.url + "accounts/login/"
        return self.post(url, {"login": username, "password": password}, token_from=url)

    def _open(self, url, data=None, *, content_type=None):
        headers = {"Host": SITE_HOST}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def nodes(transactional_db, redis_server, settings, tmp_path):  # noqa: F811
    """Nodes A and B against this test's database, one Redis and one media
    folder (the volume several web containers share)."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0  # the test's own writes
    # Passwords the nodes (real settings, no MD5) can check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    socket_dir = embedded_db.socket_dir(Path(connection.settings_dict["DATA_DIR"]))
    name = connection.settings_dict["NAME"]
    env = command_env(
        DATABASE_URL=f"postgresql://postgres@/{name}?host={socket_dir}",
        CARRE_REDIS_URL=redis_server.url,
        CARRE_ALLOWED_HOSTS=f"127.0.0.1,{SITE_HOST}",
        CARRE_SECRET_KEY="several-nodes-" + "x" * 40,
        CARRE_NEW_USER_QUEUE_POSTS="0",
        # The test's new accounts edit a section live (no review queue).
        CARRE_TRUST_PUBLISH_LEVEL="0",
        CARRE_POSTS_PER_MINUTE="0",
        CARRE_MEDIA_ROOT=str(tmp_path / "media"),
    )
    node_a, node_b = Node("A", env), Node("B", env)
    node_a.start(wait=False)
    node_b.start(wait=False)
    try:
        node_a.wait_until_up()
        node_b.wait_until_up()
        yield node_a, node_b
    finally:
        node_a.stop()
        node_b.stop()


@pytest.fixture
def thread(transactional_db, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    category = Category.objects.create(name="Villes", slug="villes")
    return create_thread(
        category=category,
        author=make_user("kanopai"),
        title="Reims : la vidéosurveillance algorithmique",
        body="Le fil de la ville.",
        enforce_limits=False,
    )


def reply(browser: Browser, node: Node, thread, body: str) -> int:
    url = f"{node.url}forum/t/{thread.pk}/reply/"
    status, _html = browser.post(url, {"body": body}, token_from=url)
    return status


def test_sessions_login_limits_and_pages_are_shared_by_both_nodes(
    nodes,
    thread,
    redis_server,  # noqa: F811
):
    node_a, node_b = nodes
    felix_user = make_user("felix")
    make_user("victime")

    # A login on A is a session on B.
    felix = Browser()
    status, html = felix.log_in(node_a, "felix", PASSWORD)
    assert status == 200 and SIGNED_IN in html
    status, html = felix.get(node_b.url)
    assert status == 200 and SIGNED_IN in html

    # Failures alternate between the nodes; the limit (5 per account) counts
    # them all: with a cache per node, each would have seen only 2 or 3.
    attacker = Browser()
    for attempt in range(5):
        node = (node_a, node_b)[attempt % 2]
        status, html = attacker.log_in(node, "victime", "mauvais")
        assert status == 200 and WRONG in html, (node.name, attempt)
    for node in (node_b, node_a):
        status, html = attacker.log_in(node, "victime", PASSWORD)
        assert TOO_MANY in html, node.name
        assert SIGNED_IN not in html

    # A page changed through A is fresh on B at once.
    assert reply(felix, node_a, thread, "Écrit sur le nœud A.") == 200
    status, html = felix.get(f"{node_b.url}forum/t/{thread.pk}/")
    assert status == 200
    assert "Écrit sur le nœud A." in html

    # A cached dossier page changed through A is fresh on B: B renders the
    # page's body into the shared Redis, A saves a new revision of a section.
    dossier = create_dossier(
        author=felix_user, title="Reims", kind="city", status=Dossier.Status.PUBLISHED
    )
    section = add_section(
        dossier, editor=felix_user, title="Programme 2020", text="Deux caméras."
    )
    page = node_b.url + dossier.get_absolute_url().lstrip("/")
    reader = Browser()
    status, html = reader.get(page)
    assert status == 200 and "Deux caméras." in html
    assert redis.Redis.from_url(redis_server.url).keys("*dossier-page*")

    edit = f"{node_a.url}dossiers/{dossier.slug}/sections/{section.pk}/edit/"
    form = {
        "title": "Programme 2020",
        "text": "Deux cent vingt-cinq caméras.",
        "base_revision": str(section.current_revision_id),
    }
    status, _html = felix.post(edit, form, token_from=edit)
    assert status == 200

    status, html = reader.get(page)
    assert status == 200
    assert "Deux cent vingt-cinq caméras." in html
    assert "Deux caméras." not in html

    # A photo uploaded through A is served through B, to a reader of B.
    photo = jpeg_with_gps()
    status, html = felix.upload(
        f"{node_a.url}sources/add/",
        {
            "mode": "upload",
            "upload-title": "Caméra place d'Erlon",
            "upload-kind": "photo",
        },
        {"upload-file": ("IMG_0001.jpg", photo)},
    )
    assert status == 200, html[:500]
    source = Source.objects.get(title="Caméra place d'Erlon")
    status, served = reader.get_bytes(node_b.url + source.file.url.lstrip("/"))
    assert status == 200
    assert served[:2] == b"\xff\xd8" and b"CameraMaker" not in served


def test_a_node_restarted_mid_run_loses_no_write_and_the_other_answers(nodes, thread):
    node_a, node_b = nodes
    make_user("felix")
    felix = Browser()
    status, html = felix.log_in(node_b, "felix", PASSWORD)
    assert SIGNED_IN in html

    statuses = []
    bodies = [f"Message n°{number} écrit sur B." for number in range(9)]
    for body in bodies[:3]:
        statuses.append(reply(felix, node_b, thread, body))
    node_a.kill()
    node_a.start(wait=False)
    # While A is down and booting again, B takes the writes.
    for body in bodies[3:6]:
        statuses.append(reply(felix, node_b, thread, body))
    node_a.wait_until_up()
    for body in bodies[6:]:
        statuses.append(reply(felix, node_b, thread, body))

    assert statuses == [200] * len(bodies)
    saved = set(Post.objects.filter(thread=thread).values_list("body", flat=True))
    assert set(bodies) <= saved
    # The restarted A knows the session made on B and shows every write.
    status, html = felix.get(f"{node_a.url}forum/t/{thread.pk}/")
    assert status == 200
    assert SIGNED_IN in html
    for body in bodies:
        assert body in html
