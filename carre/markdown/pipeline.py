"""`render`: Markdown source to sanitized HTML plus what the text refers to."""

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from carre.markdown.citations import Cite, citations_plugin
from carre.markdown.mentions import mentions_plugin
from carre.markdown.quotes import QuoteOrigin, quotes_plugin
from carre.markdown.sanitizer import is_local_url, sanitize

# Given the keys cited, the URL of each key that names a source.
CitationLookup = Callable[[list[str]], Mapping[str, str]]
# Given the names mentioned (lower case), the name to show for each that exists.
MentionLookup = Callable[[list[str]], Mapping[str, str]]
# Given the ids quoted, what is known of each (an id left out: a plain quote).
QuoteLookup = Callable[[list[int]], Mapping[int, QuoteOrigin]]


@dataclass(frozen=True)
class Quote:
    """A `[quote=id]` block: the quoted post's id and the text as written."""

    post_id: int
    text: str


@dataclass(frozen=True)
class Rendered:
    """Safe HTML and what the text refers to, each in order of appearance."""

    html: str
    cites: tuple[Cite, ...] = ()  # every cite, quotes included
    unknown_keys: tuple[str, ...] = ()  # cited keys no source has
    mentions: tuple[str, ...] = ()  # names (lower case) of people who exist
    unknown_mentions: tuple[str, ...] = ()  # names nobody has
    quotes: tuple[Quote, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The cited keys, each once."""
        return _unique(cite.key for cite in self.cites)


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(values))


def _image_or_link(self, tokens, idx, options, env) -> str:
    """Images from other origins become links: showing them would tell a third
    party who reads the page (and the CSP would have to block them)."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if is_local_url(src):
        return self.image(tokens, idx, options, env)
    text = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(text)}</a>'


@functools.cache
def _parser(*, citations: bool, mentions: bool, quotes: bool) -> MarkdownIt:
    """CommonMark with tables, strikethrough and autolinks; raw HTML refused;
    each syntax of ours only where the caller asked for it."""
    parser = MarkdownIt("js-default", {"linkify": True, "typographer": False})
    parser.add_render_rule("image", _image_or_link)
    parser.enable(["linkify", "table", "strikethrough"])
    if citations:
        parser.use(citations_plugin)
    if mentions:
        parser.use(mentions_plugin)
    if quotes:
        parser.use(quotes_plugin)
    return parser


def _walk(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    """Every token, inline ones included, with how many quotes it is inside."""
    depth = 0
    for token in tokens:
        if token.type == "quote_close":
            depth -= 1
        yield token, depth
        if token.type == "quote_open":
            depth += 1
        yield from _walk_inline(token.children or [], depth)


def _walk_inline(tokens: list[Token], depth: int) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        yield token, depth
        yield from _walk_inline(token.children or [], depth)


def _without_replaced_quotes(tokens: list[Token], origins: Mapping) -> list[Token]:
    """Drop the quoted text of quotes whose origin shows a placeholder."""
    kept, skipping = [], 0
    for token in tokens:
        if skipping:
            skipping += {"quote_open": 1, "quote_close": -1}.get(token.type, 0)
            if skipping:
                continue
        kept.append(token)
        if token.type == "quote_open":
            origin = origins.get(token.meta["id"])
            if origin is not None and origin.placeholder:
                skipping = 1
    return kept


def render(
    text: str,
    *,
    citations: CitationLookup | None = None,
    mentions: MentionLookup | None = None,
    quotes: QuoteLookup | None = None,
) -> Rendered:
    """Render Markdown to sanitized HTML (a str safe to mark_safe).

    Citations (`[@key, p. 3]`), @mentions and `[quote=id]` blocks are read only
    when their lookup is given; otherwise they stay plain text. Each lookup is
    called at most once, with everything the text refers to, and not at all
    when it refers to nothing.
    """
    parser = _parser(
        citations=citations is not None,
        mentions=mentions is not None,
        quotes=quotes is not None,
    )
    env: dict = {}
    tokens = parser.parse(text or "", env)
    cites, names, found_quotes = [], [], []
    for token, depth in _walk(tokens):
        if token.type == "citation":
            cites.extend(token.meta["cites"])
        elif token.type == "mention":
            token.meta["quoted"] = depth > 0
            if not depth:
                names.append(token.meta["name"].lower())
        elif token.type == "quote_open":
            found_quotes.append(Quote(token.meta["id"], token.meta["text"]))

    keys, names = list(_unique(c.key for c in cites)), list(_unique(names))
    quote_ids = list(_unique(quote.post_id for quote in found_quotes))
    env["citations"] = dict(citations(keys)) if keys else {}
    env["mentions"] = dict(mentions(names)) if names else {}
    env["quotes"] = dict(quotes(quote_ids)) if quote_ids else {}
    tokens = _without_replaced_quotes(tokens, env["quotes"])
    return Rendered(
        html=sanitize(parser.renderer.render(tokens, parser.options, env)),
        cites=tuple(cites),
        unknown_keys=tuple(key for key in keys if key not in env["citations"]),
        mentions=tuple(name for name in names if name in env["mentions"]),
        unknown_mentions=tuple(name for name in names if name not in env["mentions"]),
        quotes=tuple(found_quotes),
    )
