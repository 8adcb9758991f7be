"""The allow-list every rendered HTML goes through (nh3), whatever produced it.

A second, independent line of defence after markdown-it, which already refuses
raw HTML: only the tags, attributes, classes and URL schemes below survive.
"""

import re

import nh3

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
# Only classes our own plugins produce (citations, quotes, mentions) survive.
ALLOWED_CLASSES = {
    "a": {"citation-ref", "backref", "mention", "quote-source"},
    "sup": {"citation"},
    "span": {"citation-locator", "citation-missing", "mention"},
    "blockquote": {"quote"},
    "aside": {"quote-attribution"},
    "li": {"reference"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# User links pass no ranking (search engines' hint for user content). They
# leave no referrer by the site's Referrer-Policy (SECURE_REFERRER_POLICY,
# "same-origin") and cannot open new tabs (no `target` allowed), so
# "noreferrer noopener" would only repeat that on every link of a page
# (issue 12: the page's weight).
LINK_REL = "nofollow ugc"


# Browsers drop ASCII whitespace and control characters inside URLs and read
# "\\" as "/", so "/\\evil.example" or "/\t/evil.example" lead elsewhere.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def is_local_url(url: str) -> bool:
    """True for a URL on our own origin (a path), false for any other origin."""
    url = _URL_IGNORED.sub("", url or "").replace("\\", "/")
    return not url.startswith("//") and not _SCHEME.match(url)


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
