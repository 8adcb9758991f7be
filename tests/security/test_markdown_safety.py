"""Markdown rendering is safe for every payload of the corpus and any input,
through the functions the apps store HTML with (a forum post, a dossier
section) as well as carre.markdown's pipeline with every syntax switched on."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carre.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    QuoteOrigin,
    is_local_url,
    render,
    sanitize,
)
from dossiers.rendering import render_section
from forum.rendering import render_post_body
from tests.factories import make_user
from tests.security.payloads import load_payloads

PAYLOADS = load_payloads()
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


def render_every_syntax(text: str) -> str:
    """carre.markdown with citations, mentions and quotes all resolved, the
    names and attributions written by an attacker."""
    return render(
        text,
        citations=lambda keys: {key: f"/sources/{key}/" for key in keys},
        mentions=lambda names: {name: HOSTILE for name in names},
        quotes=lambda ids: {
            pk: QuoteOrigin(
                url=f"/forum/p/{pk}/",
                attribution=HOSTILE,
                placeholder=HOSTILE if pk % 2 else "",
            )
            for pk in ids
        },
    ).html


def render_forum_post(text: str) -> str:
    # Not strict: unknown names, keys and posts stay text instead of refusing.
    return render_post_body(text, strict=False).html


RENDERERS = {
    "carre": render_every_syntax,
    "forum": render_forum_post,
    "dossiers": render_section,
}
renderers = pytest.mark.parametrize(
    "renderer", RENDERERS.values(), ids=RENDERERS.keys()
)
pytestmark = pytest.mark.django_db
SAFE_SCHEMES = ("http:", "https:", "mailto:")
SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")


class Inspector(HTMLParser):
    """Collects every tag and attribute of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | {"class", "rel"}
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src", "cite") and value:
                # What a browser reads: control characters and spaces dropped.
                url = "".join(ch for ch in value if ch > " ").lower()
                scheme = SCHEME.match(url)
                if scheme and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"URL {value!r}")
            if tag == "img" and name == "src" and not is_local_url(value or ""):
                self.problems.append(f"image from another origin {value!r}")


def problems(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_corpus_has_at_least_100_payloads():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@renderers
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_to_safe_html(payload, renderer):
    html = renderer(payload)
    assert problems(html) == [], html
    assert sanitize(html) == html


@renderers
def test_external_images_become_links(renderer):
    html = renderer("![carte](https://tiles.example/carte.png)")
    assert "<img" not in html
    assert 'href="https://tiles.example/carte.png"' in html


@renderers
def test_local_images_stay(renderer):
    assert '<img src="/media/photo.jpg" alt="photo">' in renderer(
        "![photo](/media/photo.jpg)"
    )


@pytest.fixture
def hostile_names(settings):
    """A post by someone whose name, like the thread's title, is an attack."""
    from forum import services
    from forum.models import Category

    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    author = make_user("felix", display_name=HOSTILE[:80])
    thread = services.create_thread(
        category=Category.objects.create(name="Villes", slug="villes"),
        author=author,
        title=HOSTILE,
        body="Premier message.",
    )
    return thread.posts.get()


@pytest.mark.parametrize("payload", PAYLOADS[:40])
def test_forum_quotes_and_mentions_of_hostile_names_are_safe(payload, hostile_names):
    html = render_post_body(
        f"[quote={hostile_names.pk}]\n{payload}\n[/quote]\n\n@felix {payload}",
        strict=False,
    ).html
    assert 'class="quote-source"' in html and 'class="mention"' in html
    assert problems(html) == [], html


MARKDOWN_BITS = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "!",
        "`",
        "```",
        "*",
        "_",
        "|",
        "\n",
        "\n\n",
        "    ",
        "> ",
        "- ",
        "# ",
        '"',
        "'",
        "&",
        "&#106;",
        "&colon;",
        "javascript:",
        "data:",
        "https://",
        "//",
        "@",
        "[@cle]",
        "[@cle, p. 3]",
        "@felix",
        "[quote=1]\n",
        "[quote=2]\n",
        "\n[/quote]\n",
        "<script>",
        "<img src=x onerror=alert(1)>",
        " onerror=",
        "hx-get=",
        "style=",
        "<a href=",
        "\u202e",
        "\u200b",
        "\x00",
    ]
)
MARKDOWNISH = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=8)), max_size=30).map(
    "".join
)


@renderers
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
def test_rendering_never_raises_and_is_always_sanitized(renderer, text):
    html = renderer(text)
    assert isinstance(html, str)
    assert sanitize(html) == html
    assert problems(html) == []


@renderers
@settings(max_examples=200, deadline=None)
@given(st.text())
def test_rendering_accepts_any_text(renderer, text):
    html = renderer(text)
    assert sanitize(html) == html


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sanitizing_twice_changes_nothing(html):
    once = sanitize(html)
    assert sanitize(once) == once
