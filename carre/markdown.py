"""Markdown to safe HTML, for every piece of user-written text.

CommonMark with tables, strikethrough and autolinks (markdown-it-py's
`js-default` preset, which refuses raw HTML), then an allow-list sanitizer
(nh3) as a second, independent line of defence. The result is cached by the
callers at save time, never rendered per request.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

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


# Browsers drop ASCII whitespace and control characters inside URLs and read
# "\\" as "/", so "/\\evil.example" or "/\t/evil.example" lead elsewhere.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def is_local_url(url: str) -> bool:
    """True for a URL on our own origin (a path), false for any other origin."""
    url = _URL_IGNORED.sub("", url or "").replace("\\", "/")
    return not url.startswith("//") and not _SCHEME.match(url)


def _image_or_link(self, tokens, idx, options, env) -> str:
    """Images from other origins become links: showing them would tell a third
    party who reads the page (and the CSP would have to block them)."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if is_local_url(src):
        return self.image(tokens, idx, options, env)
    text = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(text)}</a>'


def _parser() -> MarkdownIt:
    parser = MarkdownIt("js-default", {"linkify": True, "typographer": False})
    parser.add_render_rule("image", _image_or_link)
    return parser.enable(["linkify", "table", "strikethrough"])


_md = _parser()


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not is_local_url(value):
        return None
    return value


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes, classes and URL schemes.

    Images keep their source only when it is on our own origin.
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_local_images_only,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render Markdown source to sanitized HTML (a str safe to mark_safe)."""
    return sanitize(_md.render(text or ""))
