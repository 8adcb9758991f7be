"""Markdown to safe HTML: the one pipeline every user-written text goes through.

    render(text, citations=…, mentions=…, quotes=…) -> Rendered

1. markdown-it-py, CommonMark with tables, strikethrough and autolinks (the
   `js-default` preset, which refuses raw HTML); images from other origins
   become links (`pipeline.py`).
2. Our syntaxes, as markdown-it plugins that produce tokens, each read only
   when the caller passes its lookup: citations `[@key, p. 66-67]`
   (`citations.py`), @mentions (`mentions.py`), attributed quotes
   `[quote=123]…[/quote]` (`quotes.py`).
3. nh3 with an allow-list of tags, attributes, classes and URL schemes, a
   second and independent line of defence (`sanitizer.py`).

The result also lists what the text refers to (cites with their locators,
names mentioned, posts quoted). carre is the ground floor: which sources, users
and posts exist is answered by the lookups the domain apps pass in. Text is
rendered at save time and the HTML stored; nothing here runs per request.
"""

from carre.markdown.citations import KEY_PATTERN, LOCATOR_MAX_LENGTH, Cite
from carre.markdown.pipeline import Quote, Rendered, render
from carre.markdown.quotes import QuoteOrigin
from carre.markdown.sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    is_local_url,
    sanitize,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "KEY_PATTERN",
    "LOCATOR_MAX_LENGTH",
    "URL_SCHEMES",
    "Cite",
    "Quote",
    "QuoteOrigin",
    "Rendered",
    "is_local_url",
    "render",
    "sanitize",
]
