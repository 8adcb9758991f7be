"""Metadata and text of a fetched web page.

OpenGraph, JSON-LD (schema.org NewsArticle, VideoObject, …), <meta> and
<title>, in that order of trust, for the metadata; trafilatura for the main
text of the page, kept as the snapshot.
"""

import datetime
import json
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml.etree import ParserError

from sources.normalization import InvalidURL, normalize_url

JSONLD_KINDS = {
    "newsarticle": "article",
    "article": "article",
    "reportagenewsarticle": "article",
    "blogposting": "article",
    "videoobject": "video",
    "report": "report",
    "socialmediaposting": "social",
    "governmentservice": "official",
    "imageobject": "photo",
    "photograph": "photo",
}
OG_KINDS = {"article": "article", "video": "video", "video.other": "video"}


@dataclass
class PageMetadata:
    title: str = ""
    publisher: str = ""
    author: str = ""
    description: str = ""
    language: str = ""
    canonical_url: str = ""
    published_on: datetime.date | None = None
    kind: str = ""
    text: str = ""


def _parse_date(value) -> datetime.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _name(value) -> str:
    """A schema.org author/publisher: a string, an object or a list of them."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return str(value.get("name") or "").strip()
    if isinstance(value, list):
        names = [_name(item) for item in value]
        return ", ".join(name for name in names if name)
    return ""


def _jsonld_objects(tree):
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                if "@type" in item:
                    yield item


def _first_type(item) -> str:
    kind = item.get("@type")
    if isinstance(kind, list):
        kind = kind[0] if kind else ""
    return str(kind or "").lower()


def extract_metadata(html: str, *, url: str = "") -> PageMetadata:
    """Read what a page says about itself; missing pieces stay empty."""
    found = PageMetadata()
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return found

    meta = {}
    for element in tree.xpath("//meta[@content]"):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        if name and name not in meta:
            meta[name] = element.get("content").strip()

    main = {}
    for item in _jsonld_objects(tree):
        if _first_type(item) in JSONLD_KINDS:
            main = item
            break

    title_element = tree.find(".//title")
    page_title = title_element.text_content() if title_element is not None else ""
    found.title = (
        meta.get("og:title")
        or str(main.get("headline") or main.get("name") or "").strip()
        or meta.get("twitter:title")
        or page_title.strip()
    )[:500]
    found.publisher = (meta.get("og:site_name") or _name(main.get("publisher")) or "")[
        :200
    ]
    found.author = (
        _name(main.get("author"))
        or meta.get("author")
        or meta.get("article:author")
        or ""
    )[:300]
    if found.author.startswith(("http://", "https://")):
        found.author = ""
    found.description = (
        meta.get("og:description")
        or meta.get("description")
        or str(main.get("description") or "")
    )[:5000]
    found.published_on = (
        _parse_date(meta.get("article:published_time"))
        or _parse_date(main.get("datePublished"))
        or _parse_date(main.get("uploadDate"))
        or _parse_date(meta.get("date"))
        or _parse_date(meta.get("dc.date"))
    )
    language = tree.get("lang") or meta.get("og:locale") or ""
    found.language = language.replace("_", "-").split("-")[0].lower()[:16]
    found.kind = JSONLD_KINDS.get(_first_type(main), "") or OG_KINDS.get(
        meta.get("og:type", "").lower(), ""
    )

    canonical = ""
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        canonical = link.get("href")
        break
    canonical = canonical or meta.get("og:url", "")
    if canonical:
        try:
            found.canonical_url = normalize_url(
                lxml.html.urljoin(url, canonical) if url else canonical
            )
        except InvalidURL:
            found.canonical_url = ""

    found.text = extract_text(html)
    return found


def extract_text(html: str) -> str:
    """The main text of a page (no menus or footers), or "" when there is none."""
    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True
    )
    return (text or "").strip()
