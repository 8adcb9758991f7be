"""Citations in Markdown, with Pandoc's syntax, rendered as numbered footnotes.

Writers cite a source of the library by its key: `[@key]`, with a locator
`[@key, p. 66-67]` or `[@key, 15:40]`, several at once `[@a; @b, p. 3]`.

Two steps, because numbers belong to a page and text is rendered at save time:

1. `render_with_citations(text)` (save time) has carre.markdown turn each
   cite into a marker,
   `<sup class="citation"><a class="citation-ref" href="/sources/KEY/">…`,
   which already works alone (it links to the source's page), or into a
   visible warning for an unknown key.
2. `number_citations(fragments)` (page time) takes all the HTML fragments of
   one page (the sections of a dossier, the posts of a thread page), numbers
   the markers one number per source per page (MediaWiki's named refs), gives
   each an id for back-links and returns the reference list.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import reverse
from django.utils.translation import gettext as _

from carre.markdown import KEY_PATTERN, Cite, render
from carre.markdown.citations import missing_source

# The name the callers of sources know a cite by.
CiteItem = Cite

VIDEO_HOSTS_QUERY = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
VIDEO_HOSTS_FRAGMENT = {"vimeo.com", "www.vimeo.com"}
MEDIA_EXTENSIONS = (".mp4", ".webm", ".ogv", ".ogg", ".mp3", ".m4a", ".wav", ".mov")
TIMESTAMP_RE = re.compile(
    r"^\s*(?:(?:(\d{1,2}):)?(\d{1,3}):(\d{2})"  # 1:02:03 or 15:40
    r"|(\d{1,3})\s*min\s*(\d{1,2})?\s*s?)\s*$",  # 22min50, 26 min
    re.IGNORECASE,
)


@dataclass
class RenderedText:
    html: str
    keys: list[str]  # cited keys, in order of first appearance, known or not
    unknown_keys: list[str] = field(default_factory=list)


# --- Rendering (carre.markdown does it; the library says which keys exist) ------


def _unique(values):
    return list(dict.fromkeys(values))


def source_urls(keys, *, known_keys=None) -> dict[str, str]:
    """The page of each key that names a source of the library (the citation
    lookup of carre.markdown.render).

    known_keys: the set of existing keys, to spare the query in loops.
    """
    if known_keys is None:
        from sources.models import Source

        known_keys = Source.objects.filter(key__in=keys).values_list("key", flat=True)
    known = set(known_keys)
    return {
        key: reverse("source-detail", kwargs={"key": key})
        for key in keys
        if key in known
    }


def _no_source(keys) -> dict[str, str]:
    return {}


def parse_citations(text: str) -> list[Cite]:
    """Every cite in a Markdown text (not those inside code), in order."""
    return list(render(text, citations=_no_source).cites)


def render_with_citations(text: str, *, known_keys=None) -> RenderedText:
    """Markdown to sanitized HTML, each cite a marker, unknown keys a warning.

    known_keys: the set of existing keys, to spare the query in loops.
    """
    rendered = render(
        text, citations=lambda keys: source_urls(keys, known_keys=known_keys)
    )
    return RenderedText(
        html=rendered.html,
        keys=list(rendered.keys),
        unknown_keys=list(rendered.unknown_keys),
    )


def unknown_key_errors(keys) -> list[str]:
    """Translated error messages for cited keys no source has."""
    return [
        _(
            "No source has the key “%(key)s”. Add it to the source library "
            "or correct the key."
        )
        % {"key": key}
        for key in keys
    ]


def validate_citations(text: str, *, known_keys=None) -> list[str]:
    """Translated error messages for a text about to be saved (unknown keys)."""
    keys = _unique(cite.key for cite in parse_citations(text))
    return unknown_key_errors(
        key for key in keys if key not in source_urls(keys, known_keys=known_keys)
    )


def check_citations(text: str, *, field: str = "text") -> None:
    """Raise ValidationError({field: [...]}) when the text cites unknown keys.

    For the services that save cited text (a section, a post).
    """
    from django.core.exceptions import ValidationError

    errors = validate_citations(text)
    if errors:
        raise ValidationError({field: errors})


# --- Locators ------------------------------------------------------------------


def timestamp_seconds(locator: str) -> int | None:
    """Seconds for a video locator ("15:40", "1:02:03", "22min50"), else None."""
    match = TIMESTAMP_RE.match(locator or "")
    if not match:
        return None
    hours, minutes, seconds, alt_minutes, alt_seconds = match.groups()
    if alt_minutes is not None:
        return int(alt_minutes) * 60 + int(alt_seconds or 0)
    if int(seconds) >= 60:
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def locator_url(url: str, locator: str) -> str:
    """A link to the moment of a video, for hosts that support it, else ""."""
    seconds = timestamp_seconds(locator)
    if seconds is None or not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in VIDEO_HOSTS_QUERY:
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"]
        query.append(("t", f"{seconds}s"))
        return urlunsplit(parts._replace(query=urlencode(query), fragment=""))
    if host in VIDEO_HOSTS_FRAGMENT:
        return urlunsplit(parts._replace(fragment=f"t={seconds}s"))
    if parts.path.lower().endswith(MEDIA_EXTENSIONS):
        # W3C Media Fragments: supported by every browser's own player.
        return urlunsplit(parts._replace(fragment=f"t={seconds}"))
    return ""


# --- Page-level numbering ---------------------------------------------------------

# The markers carre.markdown.citations writes at save time.
MARKER_RE = re.compile(
    r'<sup class="citation"><a ([^>]*)>[^<]*</a>'
    r'(?:<span class="citation-locator">([^<]*)</span>)?</sup>'
)
HREF_RE = re.compile(r'href="[^"]*/sources/(' + KEY_PATTERN + r')/"')
PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)


@dataclass
class CiteMark:
    """One place a source is cited on the page (a back-link target)."""

    anchor: str  # the id of the marker, for the back-link
    label: str  # "a", "b", … as in MediaWiki's back-links
    locator: str = ""
    locator_url: str = ""


@dataclass
class Reference:
    number: int
    key: str
    source: object  # a Source
    marks: list[CiteMark] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ref-{self.key}"

    @property
    def located_marks(self) -> list[CiteMark]:
        """The marks with a locator, each locator once (for the reference list)."""
        seen, marks = set(), []
        for mark in self.marks:
            if mark.locator and mark.locator not in seen:
                seen.add(mark.locator)
                marks.append(mark)
        return marks


@dataclass
class CitationPage:
    fragments: list[str]  # the HTML fragments, numbered, same order as given
    references: list[Reference]
    uncited_paragraphs: int = 0


def _label(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    if index < len(letters):
        return letters[index]
    return str(index + 1)


def cited_keys(fragments) -> list[str]:
    """The source keys cited in rendered fragments, each once, in order."""
    keys = []
    for fragment in fragments:
        for match in MARKER_RE.finditer(fragment or ""):
            href = HREF_RE.search(match.group(1))
            if href:
                keys.append(href.group(1))
    return _unique(keys)


def number_citations(
    fragments: list[str], *, sources: dict | None = None, mark_uncited: bool = False
) -> CitationPage:
    """Number the citation markers of one page's HTML fragments.

    sources: {key: Source}; fetched in one query when not given. A marker whose
    source no longer exists becomes a warning. With mark_uncited, paragraphs
    without any citation get a "citation needed" mark.
    """
    fragments = [fragment or "" for fragment in fragments]
    if sources is None:
        from sources.models import Source

        sources = Source.objects.in_bulk(cited_keys(fragments), field_name="key")
    references: dict[str, Reference] = {}

    def replace(match):
        href = HREF_RE.search(match.group(1))
        key = href.group(1) if href else ""
        source = sources.get(key)
        if source is None:
            return missing_source(key)
        reference = references.get(key)
        if reference is None:
            reference = references[key] = Reference(
                number=len(references) + 1, key=key, source=source
            )
        locator = html.unescape(match.group(2) or "")
        mark = CiteMark(
            anchor=f"cite-{key}-{len(reference.marks) + 1}",
            label=_label(len(reference.marks)),
            locator=locator,
            locator_url=locator_url(getattr(source, "url", ""), locator),
        )
        reference.marks.append(mark)
        locator_html = ""
        if locator:
            locator_html = (
                f' <span class="citation-locator">{html.escape(locator)}</span>'
            )
        return (
            f'<sup class="citation" id="{mark.anchor}">'
            f'<a class="citation-ref" href="#{reference.anchor}">'
            f"[{reference.number}]</a>{locator_html}</sup>"
        )

    numbered = [MARKER_RE.sub(replace, fragment) for fragment in fragments]
    uncited = 0
    if mark_uncited:
        marked = []
        for fragment in numbered:
            fragment, count = mark_uncited_paragraphs(fragment)
            uncited += count
            marked.append(fragment)
        numbered = marked
    else:
        uncited = sum(count_uncited_paragraphs(fragment) for fragment in numbered)
    return CitationPage(
        fragments=numbered,
        references=list(references.values()),
        uncited_paragraphs=uncited,
    )


def _uncited_matches(fragment: str):
    """Paragraphs outside quotes that cite nothing."""
    for match in PARAGRAPH_RE.finditer(fragment or ""):
        before = fragment[: match.start()]
        if before.count("<blockquote") > before.count("</blockquote>"):
            continue
        body = match.group(1)
        if 'class="citation' in body or not body.strip():
            continue
        yield match


def count_uncited_paragraphs(fragment: str) -> int:
    """How many paragraphs of an HTML fragment have no citation at all."""
    return sum(1 for _match in _uncited_matches(fragment))


def mark_uncited_paragraphs(fragment: str) -> tuple[str, int]:
    """Append a "citation needed" mark to each uncited paragraph."""
    matches = list(_uncited_matches(fragment))
    if not matches:
        return fragment, 0
    # Short markup: a long dossier repeats it for many paragraphs
    # (carre.css styles `.cn`, like Wikipedia's {{cn}}).
    mark = ' <i class="cn">' + html.escape(_("[citation needed]")) + "</i>"
    pieces, last = [], 0
    for match in matches:
        end = match.end() - len("</p>")
        pieces.append(fragment[last:end])
        pieces.append(mark)
        last = end
    pieces.append(fragment[last:])
    return "".join(pieces), len(matches)
