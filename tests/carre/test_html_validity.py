"""Every main page, as served, is valid HTML (the WHATWG living standard).

The pages are rendered on the Reims demo for a visitor, a contributor and a
moderator, written to a folder and checked in one batch by the Nu HTML Checker
(vnu.jar, the W3C's validator; scripts/vnu.sh fetches a pinned version), so the
JVM starts once.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.test import Client

from carre import demo
from dossiers import services
from dossiers.models import Dossier
from forum import services as forum_services
from forum.models import Thread
from sources.models import Source

VNU_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "vnu.sh"


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    for tool, package in (("java", "default-jre-headless"), ("npm", "npm")):
        if shutil.which(tool) is None:
            # .ci/run installs both: in CI a missing one is a failure.
            skip_or_fail = pytest.fail if os.environ.get("CI") else pytest.skip
            skip_or_fail(f"{tool} is not installed (apt-get install {package})")
    fetched = subprocess.run(
        [VNU_SCRIPT], capture_output=True, text=True, timeout=300, check=False
    )
    assert fetched.returncode == 0, fetched.stderr
    return Path(fetched.stdout.strip())


@pytest.fixture
def reims(db, settings):
    settings.CARRE_POSTS_PER_MINUTE = 1000
    users = demo.load()
    dossier = Dossier.objects.get(slug="reims")
    section = dossier.sections.filter(removed=False).order_by("position").first()
    # felix saves first; kanopai's save from the same revision is a conflict.
    base = section.current_revision
    services.save_section(
        section,
        editor=users["felix"],
        title=section.title,
        text=base.text + "\n\nFelix ajoute une phrase.",
        base_revision=base,
    )
    conflict = services.save_section(
        section,
        editor=users["kanopai"],
        title=section.title,
        text=base.text + "\n\nkanopai ajoute une autre phrase.",
        base_revision=base,
    ).draft
    assert conflict is not None
    return users, dossier, section, conflict


def served_pages(reims) -> dict[str, tuple[Client, str, int]]:
    """name -> (client of the role, path, expected status)."""
    users, dossier, section, conflict = reims
    visitor, visitor_en = Client(), Client(HTTP_ACCEPT_LANGUAGE="en")
    contributor, moderator = Client(), Client()
    contributor.force_login(users["kanopai"])
    moderator.force_login(users["alouette"])
    thread = Thread.objects.filter(category__slug__isnull=False).first()
    source = Source.objects.order_by("key").first()
    section_url = f"/dossiers/{dossier.slug}/sections/{section.pk}/"
    version = section.current_revision.number
    pages = {
        "home": (visitor, "/"),
        "home-en": (visitor_en, "/"),
        "guide": (visitor, "/guide/"),
        "forum": (visitor, "/forum/"),
        "category": (visitor, f"/forum/c/{thread.category.slug}/"),
        "thread": (visitor, f"/forum/t/{thread.pk}/"),
        "dossier-list": (visitor, "/dossiers/"),
        "dossier": (visitor, dossier.get_absolute_url()),
        "dossier-en": (visitor_en, dossier.get_absolute_url()),
        "dossier-history": (visitor, f"/dossiers/{dossier.slug}/history/"),
        "section-history": (visitor, section_url + "history/"),
        "section-diff": (visitor, section_url + f"diff/?from=1&to={version}"),
        "revision": (visitor, section_url + "revisions/1/"),
        "source-list": (visitor, "/sources/"),
        "source": (visitor, f"/sources/{source.key}/"),
        "map": (visitor, "/map/"),
        "timeline": (visitor, "/timeline/"),
        "technologies": (visitor, "/facts/technologies/"),
        "search": (visitor, "/search/?q=cam%C3%A9ras"),
        "login": (visitor, "/accounts/login/"),
        "signup": (visitor, "/accounts/signup/"),
        "profile": (visitor, "/u/kanopai/"),
        "not-found": (visitor, "/dossiers/nulle-part/"),
        "home-signed-in": (contributor, "/"),
        "dossier-signed-in": (contributor, dossier.get_absolute_url()),
        "thread-signed-in": (contributor, f"/forum/t/{thread.pk}/"),
        "section-edit": (contributor, section_url + "edit/"),
        "conflict": (contributor, section_url + f"conflicts/{conflict.pk}/"),
        "source-signed-in": (contributor, f"/sources/{source.key}/"),
        "notifications": (contributor, "/notifications/"),
        "security": (contributor, "/accounts/security/"),
        "profile-edit": (contributor, "/accounts/profile/"),
        "sessions": (contributor, "/accounts/sessions/"),
        "password-change": (contributor, "/accounts/password/change/"),
        "password-reset": (visitor, "/accounts/password/reset/"),
        "two-factor": (contributor, "/accounts/2fa/"),
        "data": (contributor, "/accounts/data/"),
        "account-delete": (contributor, "/accounts/delete/"),
        "dossier-create": (contributor, "/dossiers/new/"),
        "source-add": (contributor, "/sources/add/"),
        "thread-create": (contributor, f"/forum/c/{thread.category.slug}/new/"),
        "tip": (visitor, "/tips/"),
        "review": (moderator, "/dossiers/review/"),
        "moderation": (moderator, "/forum/moderation/"),
        "moderation-log": (moderator, "/forum/moderation/log/"),
        "tip-inbox": (moderator, "/tips/inbox/"),
        "dossier-moderator": (moderator, dossier.get_absolute_url()),
    }
    return {
        name: (client, path, 404 if name == "not-found" else 200)
        for name, (client, path) in pages.items()
    }


def validate(jar: Path, files: list[Path]) -> list[dict]:
    """vnu's messages for `files`, one JVM for all."""
    checked = subprocess.run(
        ["java", "-jar", jar, "--errors-only", "--format", "json", "--stdout"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert checked.stdout.strip(), checked.stderr
    return json.loads(checked.stdout)["messages"]


def test_main_pages_are_valid_html(reims, vnu_jar, tmp_path):
    files = []
    for name, (client, path, status) in served_pages(reims).items():
        response = client.get(path)
        assert response.status_code == status, (name, path)
        assert response["Content-Type"].startswith("text/html"), (name, path)
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)

    errors = [
        f"{Path(unquote(urlparse(m.get('url', '')).path)).stem}:"
        f"{m.get('lastLine', '?')}: {m['message']}  «{m.get('extract', '').strip()}»"
        for m in validate(vnu_jar, files)
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_feeds_link_only_to_absolute_addresses(reims):
    """A feed reader has no page to resolve "/sources/key/" against."""
    users, dossier, _section, _conflict = reims
    client = Client()
    thread = Thread.objects.order_by("-post_count").first()
    forum_services.post_reply(
        thread,
        author=users["css"],
        body="Le plan sécurité, cité par @felix [@lunion-2020-02-13].",
        enforce_limits=False,
    )
    for path in (
        "/forum/feeds/latest/",
        f"/forum/feeds/t/{thread.pk}/",
        "/dossiers/changes.atom",
        f"/dossiers/{dossier.slug}/changes.atom",
    ):
        feed = client.get(path).content.decode()
        assert "<entry>" in feed, path
        if path.startswith("/forum/feeds/t/"):
            assert 'href="http://testserver/sources/lunion-2020-02-13/"' in (
                feed.replace("&quot;", '"')
            )
        relative = re.findall(r'(?:href|src)=(?:"|&quot;)/(?!/)[^"&]*', feed)
        assert not relative, (path, relative[:5])


def test_templates_write_htmx_attributes_as_data_attributes():
    """htmx reads `data-hx-post` as `hx-post`; only the former is valid HTML."""
    bare = re.compile(r"(?<![\w-])hx-[a-z]")
    roots = [Path(settings.BASE_DIR) / "templates"] + [
        path for path in Path(settings.BASE_DIR).glob("*/templates")
    ]
    offenders = [
        f"{template.relative_to(settings.BASE_DIR)}:{number}"
        for root in roots
        for template in root.rglob("*.html")
        for number, line in enumerate(template.read_text().splitlines(), 1)
        if bare.search(line)
    ]
    assert not offenders, "write data-hx-*: " + ", ".join(offenders)
