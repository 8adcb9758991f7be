"""Citation parsing and rendering never raise and always give sanitized HTML."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carre.markdown import sanitize
from tests.security.test_markdown_safety import MARKDOWNISH, PAYLOADS, problems

citations = pytest.importorskip("sources.citations")

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


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_with_citations_render_safely(payload):
    rendered = citations.render_with_citations(payload, known_keys={"cle"})
    assert problems(rendered.html) == [], rendered.html
