"""Screenshots of Carré's main pages on the Reims demo, for docs/screenshots/.

    uv run python scripts/screenshots.py [--only home,map] [--out DIR]

Starts `manage.py demo` on a free port with a throwaway embedded database,
plays a save conflict on a Reims section (so there is one to show), then
photographs each page at 1280 and 390 px wide, in French and in English, with
the browser set-up of the test suite (tests/browser/chromium.py), into
<out>/<page>-<lang>-<width>.png. Long pages are cut at MAX_HEIGHT so each
file stays small.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402

WIDTHS = (1280, 390)
LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
WINDOW = {1280: 900, 390: 844}  # a laptop's and a phone's window height
MAX_HEIGHT = {1280: 1600, 390: 2400}
DEMO_PASSWORD = "demo-carre-2026"  # noqa: S105 - accounts/demo.py, printed by the demo
SECTION = "Programme"  # the Reims section whose editor, and conflict, we show
SOURCE = "assemblee-nationale-rapport-2023"

# Two members rephrase the same line of that section from the same revision:
# felix saves first, kanopai's save is a conflict.
CONFLICT_LINE = "- un accès direct des policiers municipaux aux fichiers de la police ;"
THEIRS = (
    "- un accès direct de la police municipale aux fichiers de la police nationale ;"
)
MINE = (
    "- la consultation directe des fichiers de la police par les policiers municipaux ;"
)


def in_demo_database(action: str) -> None:
    """Run in a child process with the demo's settings. "editor": print the
    path of SECTION's editor; "conflict": make the conflict (once) and print
    the path of its page."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carre.settings")
    django.setup()
    from accounts.models import User
    from dossiers import services
    from dossiers.models import Dossier, SectionDraft

    sections = Dossier.objects.get(slug="reims").sections.filter(removed=False)
    section = (
        sections.filter(title__icontains=SECTION).first()
        or sections.order_by("position").first()
    )
    if action == "editor":
        print(f"/dossiers/reims/sections/{section.pk}/edit/")
        return
    draft = SectionDraft.objects.filter(section=section, kind="conflict").first()
    if draft is None:
        base = section.current_revision

        def rephrased(line: str) -> str:
            if CONFLICT_LINE in base.text:
                return base.text.replace(CONFLICT_LINE, line)
            return f"{base.text}\n\n{line}"

        services.save_section(
            section,
            editor=User.objects.get(username="felix"),
            title=section.title,
            text=rephrased(THEIRS),
            base_revision=base,
            summary="Police municipale, police nationale",
        )
        draft = services.save_section(
            section,
            editor=User.objects.get(username="kanopai"),
            title=section.title,
            text=rephrased(MINE),
            base_revision=base,
        ).draft
    print(f"/dossiers/reims/sections/{section.pk}/conflicts/{draft.pk}/")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"manage.py demo exited with {server.returncode} (see its log)")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=5):  # noqa: S310
                return
        except OSError:
            time.sleep(1)
    sys.exit(f"the demo did not answer on {url} within {timeout} s")


def shoot(page, path: Path, width: int, *, viewport_only: bool = False) -> None:
    """The whole page, or its first MAX_HEIGHT pixels if it is longer; only
    the window when a modal dialog is open (its backdrop covers no more)."""
    height = page.evaluate("document.documentElement.scrollHeight")
    cap = page.viewport_size["height"] if viewport_only else MAX_HEIGHT[width]
    if height > cap:
        page.set_viewport_size({"width": width, "height": cap})
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=height <= cap, scale="css", type="png")
    print(f"{path}  {path.stat().st_size // 1024} kB", flush=True)


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.locator(".account-name").wait_for()


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    # Web fonts and the map's tiles: let the last frames paint.
    page.wait_for_timeout(300)


def open_cite_tool(page) -> bool:
    """Open the editor's "cite" dialog and search the library, if it exists."""
    button = page.locator("[data-md=cite]").first
    if not button.count() or not button.is_visible():
        return False
    page.locator("#id_text, textarea").first.click()
    page.keyboard.press("End")
    button.click()
    dialog = page.locator("dialog.cite-dialog[open]")
    dialog.wait_for()
    dialog.locator(".cite-locator").fill("p. 3")
    dialog.locator(".cite-search").fill("Union")
    dialog.locator(".source-pick").first.wait_for(timeout=5_000)
    page.wait_for_timeout(200)
    return True


def take(browser, base_url: str, out: Path, only: set, demo) -> None:
    """Photograph each page; `demo(action)` runs in_demo_database(action)."""
    # The conflict comes last: the home and the dossier show the demo as loaded.
    pages = [
        ("home", None, lambda: "/", None),
        ("dossier", None, lambda: "/dossiers/reims/", None),
        ("map", None, lambda: "/map/", None),
        ("source", None, lambda: f"/sources/{SOURCE}/", None),
        ("editor", "kanopai", lambda: demo("editor"), open_cite_tool),
        ("conflict", "kanopai", lambda: demo("conflict"), None),
    ]
    for name, user, find_path, prepare in pages:
        if only and name not in only:
            continue
        path = find_path()
        for lang, locale in LANGUAGES.items():
            context = browser.new_context(
                locale=locale,
                base_url=base_url,
                viewport={"width": 1280, "height": 900},
            )
            # The language switch's cookie: it wins over a profile's language.
            context.add_cookies(
                [{"name": "django_language", "value": lang, "url": base_url}]
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            if user:
                log_in(page, user)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": WINDOW[width]})
                page.goto(path)
                settle(page)
                modal = prepare(page) if prepare else False
                file = out / f"{name}-{lang}-{width}.png"
                shoot(page, file, width, viewport_only=modal)
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="pages, comma-separated")
    parser.add_argument("--in-demo-database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_demo_database:
        in_demo_database(args.in_demo_database)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    only = {name for name in args.only.split(",") if name}

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="carre-screenshots-") as data_dir:
        env = {
            **os.environ,
            "CARRE_DATA_DIR": data_dir,
            "DATABASE_URL": "",
            "CARRE_REDIS_URL": "",
        }
        port = free_port()
        base_url = f"http://127.0.0.1:{port}/"
        log = Path(data_dir) / "demo.log"
        print(f"Starting the demo on {base_url} (log: {log})", flush=True)
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "demo",
                f"127.0.0.1:{port}",
                "--noreload",
                "--no-worker",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(base_url, server)

            def demo(action: str) -> str:
                done = subprocess.run(
                    [sys.executable, __file__, "--in-demo-database", action],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                return done.stdout.split()[-1]

            with sync_playwright() as playwright:
                browser = chromium.launch(playwright)
                take(browser, base_url.rstrip("/"), args.out, only, demo)
                browser.close()
        except BaseException:
            print(log.read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            # The demo's own process group: the server and what it started.
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)


if __name__ == "__main__":
    main()
