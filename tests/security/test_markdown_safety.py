"""Markdown rendering is safe for every payload of the corpus and any input."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carre.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    is_local_url,
    render_markdown,
    sanitize,
)
from tests.security.payloads import load_payloads

PAYLOADS = load_payloads()
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


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_to_safe_html(payload):
    html = render_markdown(payload)
    assert problems(html) == [], html
    assert sanitize(html) == html


def test_external_images_become_links():
    html = render_markdown("![carte](https://tiles.example/carte.png)")
    assert "<img" not in html
    assert 'href="https://tiles.example/carte.png"' in html


def test_local_images_stay():
    assert '<img src="/media/photo.jpg" alt="photo">' in render_markdown(
        "![photo](/media/photo.jpg)"
    )


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


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
def test_render_markdown_never_raises_and_is_always_sanitized(text):
    html = render_markdown(text)
    assert isinstance(html, str)
    assert sanitize(html) == html
    assert problems(html) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_render_markdown_accepts_any_text(text):
    html = render_markdown(text)
    assert sanitize(html) == html


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sanitizing_twice_changes_nothing(html):
    once = sanitize(html)
    assert sanitize(once) == once
