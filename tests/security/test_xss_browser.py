"""The XSS corpus in real Chromium: nothing runs, nothing leaves, and the CSP
never has to step in (every violation is recorded and fails the test)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from dossiers.rendering import render_section
from forum.rendering import render_post_body
from tests.factories import make_user
from tests.security.payloads import load_payloads

PAYLOADS = load_payloads()
# Forms refuse NUL characters (Django's ProhibitNullCharactersValidator) before
# any service sees them; PostgreSQL cannot store them either.
STORABLE = [payload.replace("\x00", "") for payload in PAYLOADS]
# Runs before any script of the page; CSP does not apply to it.
CANARY = """
window.__xss = 0;
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""
HTMX_CONFIG = (
    '{"includeIndicatorStyles": false, "allowEval": false, '
    '"allowScriptTags": false, "selfRequestsOnly": true, "historyCacheSize": 0}'
)


def chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def store(save, texts) -> int:
    """Save the texts together, or one by one where the service refuses some
    (a refusal with a message is a safe outcome too); returns how many saved."""
    try:
        save("\n\n".join(texts))
        return len(texts)
    except ValidationError:
        if len(texts) == 1:
            return 0
    return sum(store(save, [text]) for text in texts)


def watch(page):
    """Record dialogs, and install the canary before each document."""
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.add_init_script(CANARY)
    return dialogs


def assert_nothing_happened(page, dialogs, where):
    page.wait_for_load_state("networkidle")
    assert dialogs == [], f"{where}: a dialog opened {dialogs}"
    assert page.evaluate("window.__xss") == 0, f"{where}: a script ran"
    assert page.evaluate("window.__csp") == [], f"{where}: the CSP had to block"
    assert page.foreign_requests == [], f"{where}: requests left the site"


def test_rendered_corpus_runs_nothing_even_without_an_enforced_csp(page, live_server):
    """Every payload rendered as the apps store it (a forum post, a dossier
    section), on one page of our origin.

    The CSP is sent report-only: the browser would run anything the sanitizer
    let through, and reports what the real CSP would have blocked.
    """
    csp = Client().get("/")["Content-Security-Policy"]
    articles = "\n".join(
        f'<article id="p{n}">{render_post_body(payload, strict=False).html}</article>'
        f'<article id="s{n}">{render_section(payload)}</article>'
        for n, payload in enumerate(PAYLOADS)
    )
    document = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<meta name=\"htmx-config\" content='{HTMX_CONFIG}'>"
        "<title>corpus</title>"
        '<script src="/static/vendor/htmx-2.0.8/dist/htmx.min.js"></script>'
        f"</head><body><main>{articles}</main></body></html>"
    )
    page.route(
        f"{live_server.url}/__corpus__",
        lambda route: route.fulfill(
            status=200,
            body=document,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy-Report-Only": csp,
            },
        ),
    )
    dialogs = watch(page)
    page.goto("/__corpus__")
    page.locator(f"#s{len(PAYLOADS) - 1}").wait_for(state="attached")
    # Hover and click every link, as a curious reader would.
    for link in page.locator("main a").all()[:200]:
        link.hover()
    assert_nothing_happened(page, dialogs, "rendered corpus")


@pytest.fixture
def hostile_content(db, settings):
    """The corpus stored through each app's services, in every text field."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 10_000
    urls = ["/"]
    writers = [
        make_user(f"plume{n}", display_name=payload[:80])
        for n, payload in enumerate(STORABLE[:12])
    ]
    author = writers[0]
    try:
        from sources import services as sources

        sources.add_source_manually(added_by=author, key="cle", title="Source clé")
        for payload in STORABLE[:15]:
            source = sources.add_source_manually(
                added_by=author, title=payload[:250], publisher=payload[:100]
            )
        urls += [reverse("source-list"), source.get_absolute_url()]
    except ImportError:
        pass
    try:
        from forum import services as forum
        from forum.models import Category

        category = Category.objects.create(name="Villes", slug="villes")
        thread = forum.create_thread(
            category=category,
            author=author,
            title=STORABLE[1][:150],
            body="Un fil pour les essais.",
            enforce_limits=False,
        )
        saved = 0
        for n, chunk in enumerate(chunks(STORABLE, 14)):
            writer = writers[n % len(writers)]
            saved += store(
                lambda body, writer=writer: forum.post_reply(
                    thread, author=writer, body=body, enforce_limits=False
                ),
                chunk,
            )
        assert saved > len(STORABLE) * 0.8
        urls += [reverse("forum-index"), category.get_absolute_url()]
        urls += [thread.get_absolute_url()]
    except ImportError:
        pass
    try:
        from dossiers import services as dossiers
        from dossiers.models import Dossier

        dossier = dossiers.create_dossier(
            author=author,
            title="Reims",
            kind="city",
            summary=STORABLE[5],
            status=Dossier.Status.PUBLISHED,
        )
        saved = 0
        for n, chunk in enumerate(chunks(STORABLE, 20)):
            saved += store(
                lambda text, n=n: dossiers.add_section(
                    dossier, editor=writers[n], title=f"Partie {n}", text=text
                ),
                chunk,
            )
        assert saved > len(STORABLE) * 0.8
        for n, payload in enumerate(STORABLE[:8]):
            store(
                lambda title, n=n: dossiers.add_section(
                    dossier, editor=author, title=title[:100] or f"T{n}", text="x"
                ),
                [payload],
            )
        urls += [reverse("dossier-list"), dossier.get_absolute_url()]
        from facts import services as facts

        for payload in STORABLE[:10]:
            store(
                lambda text: facts.add_figure(
                    dossier=dossier,
                    by=author,
                    subject=text[:200],
                    value=245,
                    unit=text[:20],
                    note=text,
                ),
                [payload],
            )
    except ImportError:
        pass
    return urls


def test_stored_payloads_run_nothing_on_real_pages(page, hostile_content):
    dialogs = watch(page)
    for url in hostile_content:
        page.goto(url)
        assert_nothing_happened(page, dialogs, url)


def test_stored_payloads_run_nothing_for_a_signed_in_moderator(
    page, login, hostile_content
):
    """Signed-in pages add edit and moderation tools around the same text."""
    moderator = make_user("alouette", role="moderator", display_name="Alouette")
    urls = list(hostile_content)
    try:
        from forum import services as forum
        from forum.models import Post

        for post in Post.objects.all()[:5]:
            forum.flag_post(post, user=moderator, reason=STORABLE[0][:400])
        urls.append(reverse("moderation-queue"))
    except (ImportError, NoReverseMatch):
        pass
    login(moderator)
    dialogs = watch(page)
    for url in urls:
        page.goto(url)
        assert_nothing_happened(page, dialogs, url)
