"""Markdown to safe HTML, for every piece of user-written text.

CommonMark with tables, strikethrough and autolinks (markdown-it-py's
`js-default` preset, which refuses raw HTML), then an allow-list sanitizer
(nh3) as a second, independent line of defence. The result is cached by the
callers at save time, never rendered per request.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "span",
    "section",
    "aside",
    "cite",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "sup": {"id"},
    "li": {"id"},
    "span": {"id"},
    "blockquote": {"cite"},
}
# Only classes our own renderers produce (citations, quotes) survive.
ALLOWED_CLASSES = {
    "a": {"citation-ref", "backref", "mention", "quote-source"},
    "sup": {"citation"},
    "span": {"citation-locator", "citation-missing", "mention"},
    "blockquote": {"quote"},
    "aside": {"quote-attribution"},
    "li": {"reference"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# User links leave no referrer and pass no ranking; new tabs cannot reach back.
LINK_REL = "nofollow ugc noopener noreferrer"


def _parser() -> MarkdownIt:
    parser = MarkdownIt("js-default", {"linkify": True, "typographer": False})
    return parser.enable(["linkify", "table", "strikethrough"])


_md = _parser()


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes, classes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render Markdown source to sanitized HTML (a str safe to mark_safe)."""
    return sanitize(_md.render(text or ""))
