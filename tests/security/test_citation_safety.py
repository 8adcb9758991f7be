"""Citation parsing and rendering never raise and always give sanitized HTML,
through the functions that store cited text (a dossier section, a forum post)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carre.markdown import sanitize
from dossiers.rendering import render_section
from forum.rendering import render_post_body
from sources import citations
from sources.services import add_source_manually
from tests.factories import make_user
from tests.security.test_markdown_safety import MARKDOWNISH, PAYLOADS, problems

CITES = st.lists(
    st.one_of(
        MARKDOWNISH,
        st.sampled_from(
            [
                "[@cle]",
                "[@cle, p. 66-67]",
                "[@cle, 15:40]",
                "[@a; @b, p. 3]",
                "[@cle, 22min50]",
                '[@cle, "><script>alert(1)</script>]',
                "[@cle, javascript:alert(1)]",
                "[@-x]",
                "[@]",
                "[@cle,",
                "`[@cle]`",
            ]
        ),
    ),
    max_size=12,
).map(" ".join)

STORED = {
    "section": render_section,
    "post": lambda text: render_post_body(text, strict=False).html,
}
stored_renderers = pytest.mark.parametrize(
    "renderer", STORED.values(), ids=STORED.keys()
)


@pytest.fixture
def library(db):
    """The keys the texts cite, as sources of the library."""
    author = make_user("bibliothecaire")
    for key in ("cle", "a", "b"):
        add_source_manually(added_by=author, key=key, title=f"Source {key}")


@settings(max_examples=300, deadline=None)
@given(CITES)
def test_parse_citations_never_raises(text):
    items = citations.parse_citations(text)
    for item in items:
        assert item.key and "<" not in item.key


@settings(max_examples=300, deadline=None)
@given(CITES)
def test_render_with_citations_is_always_sanitized(text):
    rendered = citations.render_with_citations(text, known_keys={"cle", "a", "b"})
    assert sanitize(rendered.html) == rendered.html
    assert problems(rendered.html) == []


@pytest.mark.django_db
@stored_renderers
@settings(max_examples=200, deadline=None)
@given(CITES)
def test_stored_cited_text_is_always_sanitized(renderer, text):
    html = renderer(text)
    assert sanitize(html) == html
    assert problems(html) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_with_citations_render_safely(payload):
    rendered = citations.render_with_citations(payload, known_keys={"cle"})
    assert problems(rendered.html) == [], rendered.html


@stored_renderers
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_around_known_citations_are_stored_safely(payload, renderer, library):
    html = renderer(f"{payload} [@cle, {payload[:40]}] {payload}")
    assert problems(html) == [], html
