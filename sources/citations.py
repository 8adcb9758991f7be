"""Citations in Markdown, with Pandoc's syntax, rendered as numbered footnotes.

Writers cite a source of the library by its key: `[@key]`, with a locator
`[@key, p. 66-67]` or `[@key, 15:40]`, several at once `[@a; @b, p. 3]`.

Two steps, because numbers belong to a page and text is rendered at save time:

1. `render_with_citations(text)` (save time) turns each cite into a marker,
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
from markdown_it.rules_inline import StateInline

from carre.markdown import _parser, sanitize

KEY_PATTERN = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"
_ITEM = rf"@{KEY_PATTERN}(?:[ \t]*,[^;\[\]\n]*)?"
CITE_RE = re.compile(rf"\[[ \t]*{_ITEM}(?:[ \t]*;[ \t]*{_ITEM})*[ \t]*\]")
ITEM_RE = re.compile(rf"@({KEY_PATTERN})(?:[ \t]*,([^;\[\]\n]*))?")
LOCATOR_MAX_LENGTH = 100

VIDEO_HOSTS_QUERY = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
VIDEO_HOSTS_FRAGMENT = {"vimeo.com", "www.vimeo.com"}
MEDIA_EXTENSIONS = (".mp4", ".webm", ".ogv", ".ogg", ".mp3", ".m4a", ".wav", ".mov")
TIMESTAMP_RE = re.compile(
    r"^\s*(?:(?:(\d{1,2}):)?(\d{1,3}):(\d{2})"  # 1:02:03 or 15:40
    r"|(\d{1,3})\s*min\s*(\d{1,2})?\s*s?)\s*$",  # 22min50, 26 min
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""


@dataclass
class RenderedText:
    html: str
    keys: list[str]  # cited keys, in order of first appearance, known or not
    unknown_keys: list[str] = field(default_factory=list)


# --- Parsing -----------------------------------------------------------------


def _items(cite: str) -> list[CiteItem]:
    return [
        CiteItem(match[1], " ".join((match[2] or "").split())[:LOCATOR_MAX_LENGTH])
        for match in ITEM_RE.finditer(cite)
    ]


def citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: `[@key, locator; @other]` becomes a citation token."""
    if not state.src.startswith("[@", state.pos) and not state.src.startswith(
        "[ ", state.pos
    ):
        return False
    match = CITE_RE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    # `[@x](url)` and `[@x][ref]` stay links.
    if state.src[match.end() : match.end() + 1] in ("(", "["):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"items": _items(match.group(0))}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _render_citation(self, tokens, idx, options, env) -> str:
    known = env.get("known_keys")
    parts = []
    for item in tokens[idx].meta["items"]:
        if known is not None and item.key not in known:
            parts.append(
                # No "@" in the warning: the forum would read it as a mention.
                '<span class="citation-missing">'
                + html.escape(
                    _("[unknown source: %(key)s]") % {"key": item.key}, quote=False
                )
                + "</span>"
            )
            continue
        url = reverse("source-detail", kwargs={"key": item.key})
        locator = ""
        if item.locator:
            locator = (
                f'<span class="citation-locator">{html.escape(item.locator)}</span>'
            )
        parts.append(
            f'<sup class="citation"><a class="citation-ref" href="{url}">'
            f"[{html.escape(item.key)}]</a>{locator}</sup>"
        )
    return "".join(parts)


def citations_plugin(md) -> None:
    md.inline.ruler.before("link", "citation", citation_rule)
    md.add_render_rule("citation", _render_citation)


# The project's Markdown (same options as carre.markdown) plus citations.
_md = _parser().use(citations_plugin)


def _citation_tokens(tokens):
    for token in tokens:
        if token.children:
            yield from _citation_tokens(token.children)
        elif token.type == "citation":
            yield token


def parse_citations(text: str) -> list[CiteItem]:
    """Every cite in a Markdown text (not those inside code), in order."""
    tokens = _md.parse(text or "", {})
    return [item for token in _citation_tokens(tokens) for item in token.meta["items"]]


def _unique(values):
    return list(dict.fromkeys(values))


def _known_keys(keys) -> set[str]:
    from sources.models import Source

    if not keys:
        return set()
    return set(Source.objects.filter(key__in=keys).values_list("key", flat=True))


def render_with_citations(text: str, *, known_keys=None) -> RenderedText:
    """Markdown to sanitized HTML, each cite a marker, unknown keys a warning.

    known_keys: the set of existing keys, to spare the query in loops.
    """
    env = {}
    tokens = _md.parse(text or "", env)
    keys = _unique(
        item.key for token in _citation_tokens(tokens) for item in token.meta["items"]
    )
    known = set(known_keys) if known_keys is not None else _known_keys(keys)
    env["known_keys"] = known
    rendered = sanitize(_md.renderer.render(tokens, _md.options, env))
    return RenderedText(
        html=rendered, keys=keys, unknown_keys=[key for key in keys if key not in known]
    )


def validate_citations(text: str, *, known_keys=None) -> list[str]:
    """Translated error messages for a text about to be saved (unknown keys)."""
    items = parse_citations(text)
    keys = _unique(item.key for item in items)
    known = set(known_keys) if known_keys is not None else _known_keys(keys)
    errors = [
        _(
            "No source has the key “%(key)s”. Add it to the source library "
            "or correct the key."
        )
        % {"key": key}
        for key in keys
        if key not in known
    ]
    return errors


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


def _markers_keys(fragments) -> list[str]:
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

        sources = Source.objects.in_bulk(_markers_keys(fragments), field_name="key")
    references: dict[str, Reference] = {}

    def replace(match):
        href = HREF_RE.search(match.group(1))
        key = href.group(1) if href else ""
        source = sources.get(key)
        if source is None:
            return (
                '<span class="citation-missing">'
                + html.escape(_("[unknown source: %(key)s]") % {"key": key})
                + "</span>"
            )
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
    mark = (
        ' <span class="citation-needed">'
        + html.escape(_("[citation needed]"))
        + "</span>"
    )
    pieces, last = [], 0
    for match in matches:
        end = match.end() - len("</p>")
        pieces.append(fragment[last:end])
        pieces.append(mark)
        last = end
    pieces.append(fragment[last:])
    return "".join(pieces), len(matches)
