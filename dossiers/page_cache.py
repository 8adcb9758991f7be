"""The dossier page's body (contents, sections, references), rendered once and
kept in the shared cache (`caches["default"]`) until something shown changes.

The cache key is derived from the dossier's row (description version and
state) and one digest of its sections' rows computed by the database
(`SectionQuerySet.page_digest`: each section's version, position, lock and
current editor), with the language, the time zone and the kind of viewer.
A committed write changes one of them, so the next request of any process,
on any node, computes a new key and renders fresh HTML: invalidation needs no
message between processes and cannot be forgotten by a writer (an
admin edit included). Old entries are deleted when replaced, or expire.

The cited sources are not on the dossier's rows: the entry keeps the keys it
cites and a stamp of their rows, checked by one query that replaces the query
a fresh render makes, so the page's query count is the same on a hit and a
miss.

Per-user markup stays out of the entry. The edit controls depend on the
viewer's role only (`viewer_kind`), so there are at most three variants; the
CSRF token of their forms is a placeholder swapped for the viewer's own token.
Drafts, watch state, moderator lists and the facts panel are rendered per
request, outside this body.
"""

import hashlib
import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.permissions import is_contributor, is_moderator
from carre.release import release
from dossiers.forms import NewSectionForm
from dossiers.permissions import can_edit_dossier
from dossiers.rendering import (
    number_sections,
    page_sections,
    part_count,
    part_range,
    toc_links,
)
from dossiers.views.context import DETAIL, NEW_SECTION_ID, decorate
from sources.citations import cited_keys
from sources.models import Source

PREFIX = "dossier-page"
# Rendered in place of `{% csrf_token %}`'s value; never a valid token.
CSRF_PLACEHOLDER = "carre-csrf-placeholder-6f1d"
# What the references list shows of a source, beside its key.
SOURCE_STAMP_FIELDS = ("key", "updated_at", "link_status", "archive_url")


@dataclass(frozen=True)
class Body:
    toc: SafeString
    sections: SafeString
    references: SafeString
    # Changes with everything the body shows (for the ETag).
    version: str
    # The cited sources' keys and the stamp of their rows (`sources_changed`).
    cited: tuple[str, ...] = ()
    stamp: str = ""
    # Which part of the sections this body shows, of how many (`parts`).
    part: int = 1
    parts: int = 1


def viewer_kind(user) -> str:
    """The only thing about the viewer the cached body depends on."""
    if is_moderator(user):
        return "moderator"
    if is_contributor(user):
        return "contributor"
    return "reader"


def content_version(dossier, sections_digest: str) -> str:
    """A digest of what the dossier's rows say the page shows.

    `sections_digest`: the sections' `page_digest()`. Every service that
    writes a section bumps its `version` (title and text), `position` (move),
    `locked` or `removed`; the description bumps `dossier.version`; facts and
    sections bump `dossier.updated_at`; a pending edit submitted or decided
    flips the section's `has_pending_edit` (dossiers/services/review.py), a
    pending description edit the dossier's `has_pending_description`
    (annotated by `for_detail`).
    """
    parts = [
        dossier.pk,
        dossier.slug,
        dossier.version,
        dossier.updated_at.isoformat(),
        dossier.locked,
        dossier.status,
        getattr(dossier, "has_pending_description", False),
        sections_digest,
    ]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _sources_stamp(rows) -> str:
    rows = sorted(tuple(str(value) for value in row) for row in rows)
    return hashlib.blake2b(repr(rows).encode(), digest_size=8).hexdigest()


def sources_changed(keys, stamp: str) -> bool:
    """Whether a source cited under `keys` changed since `stamp` (one query;
    none when nothing is cited)."""
    if not keys:
        return False
    cited = Source.objects.filter(key__in=keys).values_list(*SOURCE_STAMP_FIELDS)
    return _sources_stamp(cited) != stamp


ID_RE = re.compile(r'\bid="([^"]+)"')


def _shown_references(page, fragments):
    """`page` with only the references cited in `fragments` (their numbers
    stay those of the whole dossier), each with its marks there."""
    ids = set(ID_RE.findall("".join(fragments)))
    references = []
    for reference in page.references:
        marks = [mark for mark in reference.marks if mark.anchor in ids]
        if marks:
            references.append(replace(reference, marks=marks))
    return replace(page, references=references)


def _render(dossier, *, user, part: int = 1, lazy: bool = False) -> dict | None:
    """The entry of `part` (None if the dossier has no such part). `lazy`:
    the part as htmx appends it to the page (its sections and the link to the
    next part; the references of every part up to it)."""
    sections = page_sections(dossier)
    parts = part_count(len(sections))
    if part > parts:
        return None
    # Numbered over the whole dossier: a part shows the numbers of the full page.
    page, sources = number_sections(sections)
    # Known or not: a source added later under a cited key changes the page.
    keys = cited_keys([section.html for section in sections])
    decorate(sections, user)
    shown = sections
    context = {
        "dossier": dossier,
        "can_edit": can_edit_dossier(user, dossier),
        "can_moderate": is_moderator(user),
        "add_form": NewSectionForm(auto_id=NEW_SECTION_ID),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    if parts > 1:
        first, last = part_range(part)
        shown = sections[first - 1 : last]
        toc_links(sections, dossier, part)
        upto = sections[:last] if lazy else shown
        page = _shown_references(page, [section.cited_html for section in upto])
        if part < parts:
            after = part_range(part + 1)
            context["next_part"] = {
                "number": part + 1,
                "first": after[0],
                "last": min(after[1], len(sections)),
            }
        if part > 1:
            before = part_range(part - 1)
            context["previous_part"] = {
                "number": part - 1,
                "first": before[0],
                "last": before[1],
            }
    context["citation_page"] = page
    # Rendered without the request: no context processor can bring the
    # viewer's own data (name, messages, token) into the shared entry.
    return {
        "keys": keys,
        "stamp": _sources_stamp(
            [getattr(source, f) for f in SOURCE_STAMP_FIELDS]
            for source in sources.values()
        ),
        "parts": parts,
        "toc": render_to_string(f"{DETAIL}#toc", {**context, "sections": sections}),
        "sections": render_to_string(
            f"{DETAIL}#{'part' if lazy else 'sections'}",
            {**context, "sections": shown},
        ),
        "references": render_to_string("sources/_references.html", context),
    }


def dossier_body(request, dossier, sections_digest: str, part: int = 1) -> Body | None:
    """The cached body of `dossier`'s page for this viewer, rendered on a miss
    (which loads the sections: one query more than a hit).

    `sections_digest`: the sections' `page_digest()` as the viewer sees them.
    `part`: which part of a long dossier (`part_count`); None if it has no
    such part. An htmx request gets the part as it is appended to the page.
    """
    lazy = bool(request.htmx) and part > 1
    cache = caches["default"]
    kind = viewer_kind(request.user)
    zone = timezone.get_current_timezone_name()
    variant = (
        f"{PREFIX}:{release()}:{dossier.pk}:{get_language()}:{zone}:{kind}"
        f":{settings.CARRE_DOSSIER_PAGE_SECTIONS}:{part}:{int(lazy)}"
    )
    version = content_version(dossier, sections_digest)
    key = f"{variant}:{version}"
    entry = cache.get(key)
    if entry is not None and sources_changed(entry["keys"], entry["stamp"]):
        entry = None
    if entry is None:
        entry = _render(dossier, user=request.user, part=part, lazy=lazy)
        if entry is None:
            return None
        timeout = settings.CARRE_DOSSIER_CACHE_TIMEOUT
        previous = cache.get(variant)
        if previous and previous != key:
            cache.delete(previous)
        cache.set_many({key: entry, variant: key}, timeout)
    token = get_token(request) if kind != "reader" else ""
    return Body(
        toc=mark_safe(entry["toc"]),  # noqa: S308  (rendered by our templates)
        sections=mark_safe(  # noqa: S308
            entry["sections"].replace(CSRF_PLACEHOLDER, token)
        ),
        references=mark_safe(entry["references"]),  # noqa: S308
        version=f"{version}-{entry['stamp']}-{part}",
        cited=tuple(entry["keys"]),
        stamp=entry["stamp"],
        part=part,
        parts=entry["parts"],
    )
