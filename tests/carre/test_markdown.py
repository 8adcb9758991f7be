"""carre.markdown: one pipeline, its plugins and its safety over any text."""

from html.parser import HTMLParser

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from carre.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    Cite,
    Quote,
    QuoteOrigin,
    is_local_url,
    render,
)
from tests.security.payloads import load_payloads

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
ORIGINS = {
    1: QuoteOrigin(url="/forum/p/1/", attribution="Felix wrote:"),
    2: QuoteOrigin(url="/forum/p/2/", attribution="Léa wrote:", placeholder="Deleted."),
    3: QuoteOrigin(placeholder="Gone."),
}


def sources(keys):
    return {key: f"/sources/{key}/" for key in keys if key in {"cle", "a", "b"}}


def people(names):
    return {name: name.capitalize() for name in names if name in {"felix", "lea"}}


def posts(ids):
    return {pk: ORIGINS[pk] for pk in ids if pk in ORIGINS}


def render_all(text: str):
    return render(text, citations=sources, mentions=people, quotes=posts)


def test_render_without_lookups_leaves_our_syntaxes_as_text():
    rendered = render("[@cle] @felix\n\n[quote=1]\nx\n[/quote]")
    assert rendered.html == "<p>[@cle] @felix</p>\n<p>[quote=1]\nx\n[/quote]</p>\n"
    assert rendered.cites == rendered.quotes == rendered.mentions == ()


def test_render_makes_citation_markers_and_lists_the_cites():
    with translation.override("en"):
        rendered = render_all(
            "A [@cle, p. 66-67]. B [@a; @nope, 15:40]. `[@b]` [@b](https://ex.org)"
        )
    assert rendered.cites == (Cite("cle", "p. 66-67"), Cite("a"), Cite("nope", "15:40"))
    assert rendered.keys == ("cle", "a", "nope")
    assert rendered.unknown_keys == ("nope",)
    assert (
        '<sup class="citation"><a class="citation-ref" href="/sources/cle/" '
        'rel="nofollow ugc">[cle]</a>'
        '<span class="citation-locator">p. 66-67</span></sup>'
    ) in rendered.html
    assert '<span class="citation-missing">[unknown source: nope]</span>' in (
        rendered.html
    )
    assert "<code>[@b]</code>" in rendered.html


def test_render_finds_mentions_only_in_text():
    rendered = render_all(
        "@FELIX and _@lea_, not `@felix`, [@felix](https://ex.org), "
        "felix@ex.org, https://ex.org/@felix; @nobody."
    )
    assert rendered.mentions == ("felix", "lea")
    assert rendered.unknown_mentions == ("nobody",)
    assert rendered.html.count('class="mention"') == 2
    assert '<span class="mention">@Felix</span> and <em><span class="mention">@Lea' in (
        rendered.html
    )
    assert "@nobody." in rendered.html


def test_render_attributes_quotes_and_lists_them():
    rendered = render_all("[quote=1]\nIt cost *a lot*, @lea said.\n[/quote]\n\nTrue.")
    assert rendered.quotes == (Quote(1, "It cost *a lot*, @lea said."),)
    assert rendered.html == (
        '<blockquote class="quote" cite="/forum/p/1/">'
        '<aside class="quote-attribution"><a class="quote-source" href="/forum/p/1/" '
        'rel="nofollow ugc">Felix wrote:</a></aside>'
        "<p>It cost <em>a lot</em>, @lea said.</p>\n</blockquote><p>True.</p>\n"
    )
    # A name inside a quote was written by someone else: no mention here.
    assert rendered.mentions == ()


def test_render_shows_placeholders_instead_of_deleted_or_gone_quotes():
    html = render_all(
        "[quote=2]\nsecret\n[/quote]\n[quote=3]\nsecret\n[/quote]\n[quote=4]\nkept\n"
        "[/quote]"
    ).html
    assert "secret" not in html
    assert "<p>Deleted.</p></blockquote>" in html
    assert '<blockquote class="quote"><p>Gone.</p></blockquote>' in html
    assert '<blockquote class="quote"><p>kept</p>\n</blockquote>' in html


def test_render_quote_syntax_in_code_or_unclosed_is_text():
    rendered = render_all("```\n[quote=1]\nx\n[/quote]\n```\n\n[quote=1]\nnever closed")
    assert rendered.quotes == ()
    assert "blockquote" not in rendered.html


def test_render_calls_each_lookup_once_and_only_when_needed():
    calls = []

    def lookup(name):
        def answer(values):
            calls.append((name, list(values)))
            return {}

        return answer

    lookups = {kind: lookup(kind) for kind in ("citations", "mentions", "quotes")}
    render("Plain text, code `[@a]`, mail@ex.org.", **lookups)
    assert calls == []
    render("[@a] [@b] [@a] @xy @XY\n\n[quote=7]\n[@c] @yz\n[/quote]", **lookups)
    assert calls == [
        ("citations", ["a", "b", "c"]),
        ("mentions", ["xy"]),
        ("quotes", [7]),
    ]


def test_render_escapes_what_lookups_answer():
    html = render(
        "@felix [@cle]\n\n[quote=1]\nx\n[/quote]",
        citations=lambda keys: {"cle": '/s/"><script>'},
        mentions=lambda names: {"felix": HOSTILE},
        quotes=lambda ids: {1: QuoteOrigin(url="/p/1/", attribution=HOSTILE)},
    ).html
    assert unsafe_markup(html) == []
    assert "&lt;script&gt;" in html


# --- Safety over any text ------------------------------------------------------


class Markup(HTMLParser):
    """Every tag, attribute and URL of an HTML fragment that is not allowed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.unsafe = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.unsafe.append(f"<{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | {"class", "rel"}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name not in allowed:
                self.unsafe.append(f"{name} on <{tag}>")
            if name == "class" and not set(value.split()) <= ALLOWED_CLASSES.get(
                tag, set()
            ):
                self.unsafe.append(f"class {value!r} on <{tag}>")
            # What a browser reads: control characters and spaces dropped.
            url = "".join(ch for ch in value if ch > " ").lower()
            if name in {"href", "src", "cite"} and url.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.unsafe.append(f"{name}={value!r}")
            if tag == "img" and name == "src" and not is_local_url(value):
                self.unsafe.append(f"image from elsewhere {value!r}")


def unsafe_markup(html: str) -> list[str]:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup.unsafe


SYNTAX = st.sampled_from(
    [
        "[@cle]",
        "[@cle, p. 66-67]",
        "[@a; @nope, 15:40]",
        '[@cle, "><script>alert(1)</script>]',
        "@felix",
        "@lea",
        "@nobody",
        "`@felix`",
        "[@felix](javascript:alert(1))",
        "\n[quote=1]\n",
        "\n[quote=2]\n",
        "\n[quote=3]\n",
        "\n[quote=99]\n",
        "\n[/quote]\n",
        "\n```\n",
        "\n> ",
        "\n- ",
        "![x](https://ex.org/x.png)",
        "[x](javascript:alert(1))",
        "<a href=javascript:alert(1)>",
        " onerror=alert(1) ",
        "\n\n",
    ]
)
TEXT = st.lists(
    st.one_of(st.sampled_from(load_payloads()), SYNTAX, st.text(max_size=10)),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_render_never_outputs_script_capable_markup(text):
    assert unsafe_markup(render_all(text).html) == []
