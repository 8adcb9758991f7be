"""From the forum to the dossier: promote a post into a section, event or figure.

The post's text lands as a new section revision (quoted, with a link back to
the post) through the dossiers services, or becomes an event or a figure
through the facts services; the web addresses in the post become sources of
the library. A Provenance row links the post to what it became; it stays
when the post is deleted (the page shows a placeholder then).
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dossiers import services as dossier_services
from facts import services as fact_services
from facts.models import Provenance
from facts.permissions import check_can_add_fact
from forum.models import Post
from promotion.permissions import check_can_promote_post
from sources.normalization import InvalidURL
from sources.services import add_source_by_url

# http(s) addresses in Markdown text: bare, in <…> or in [text](…).
URL_RE = re.compile(r"https?://[^\s<>()\[\]\"']+", re.IGNORECASE)
EXCERPT_LENGTH = 280


def post_urls(text: str) -> list[str]:
    """The distinct web addresses in a post's text, in order."""
    urls = []
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if url not in urls:
            urls.append(url)
    return urls


def sources_from_post(post, *, by) -> list:
    """Add each address of the post to the source library (or find it)."""
    sources = []
    for url in post_urls(post.body):
        try:
            source, _created = add_source_by_url(url=url, added_by=by)
        except (InvalidURL, ValidationError):
            continue
        if source not in sources:
            sources.append(source)
    return sources


def post_reference(post) -> str:
    """How the provenance names the post once it may be gone."""
    return _("post #%(id)s by %(author)s in “%(thread)s”") % {
        "id": post.pk,
        "author": post.author.public_name,
        "thread": post.thread.title,
    }


def quote_post(post) -> str:
    """The post as a Markdown block quote, signed with a link back to it."""
    quoted = "\n".join(
        f"> {line}" if line.strip() else ">" for line in post.body.strip().splitlines()
    )
    when = post.created_at.date().isoformat() if post.created_at else ""
    signature = _("— [%(author)s, %(date)s](%(url)s)") % {
        "author": post.author.public_name,
        "date": when,
        "url": post.get_absolute_url(),
    }
    return f"{quoted}\n>\n> {signature}"


def excerpt(post, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(post.body.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _summary(post) -> str:
    return _("Added from the forum: %(post)s") % {"post": post_reference(post)}


def _check(post, *, by, dossier) -> Post:
    """The post as it is now (it may have been deleted since the page loaded)."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread", "author")
        .get(pk=post.pk)
    )
    check_can_promote_post(by, post)
    check_can_add_fact(by, dossier)
    return post


def _provenance(post, *, by, dossier, **target) -> Provenance:
    return Provenance.objects.create(
        post=post,
        post_reference=post_reference(post)[:300],
        dossier=dossier,
        created_by=by,
        **target,
    )


@transaction.atomic
def promote_post_to_section(
    post, *, by, dossier, section=None, new_section_title: str = "", summary=""
) -> Provenance:
    """Append the quoted post to a section (or start a new one with it)."""
    post = _check(post, by=by, dossier=dossier)
    sources_from_post(post, by=by)
    summary = (summary or _summary(post))[:300]
    quote = quote_post(post)
    if section is None:
        title = new_section_title.strip()
        if not title:
            raise ValidationError(
                {"new_section_title": _("Choose a section or name a new one.")}
            )
        section = dossier_services.add_section(
            dossier, editor=by, title=title, text=quote, summary=summary
        )
        revision = section.current_revision
    else:
        if section.dossier_id != dossier.pk:
            raise ValidationError({"section": _("Choose a section of this dossier.")})
        current = section.current_revision
        text = (
            f"{section.text.rstrip()}\n\n{quote}\n" if section.text.strip() else quote
        )
        result = dossier_services.save_section(
            section,
            editor=by,
            title=section.title,
            text=text,
            base_revision=current,
            summary=summary,
        )
        if result.outcome == "conflict":
            raise ValidationError(
                _("The section changed at the same place meanwhile; try again.")
            )
        revision = result.revision
    return _provenance(post, by=by, dossier=dossier, section_revision=revision)


@transaction.atomic
def promote_post_to_event(
    post,
    *,
    by,
    dossier,
    date: datetime.date,
    title: str,
    precision: str = "day",
    description: str = "",
) -> Provenance:
    """Turn the post into an event of the timeline, citing its addresses."""
    post = _check(post, by=by, dossier=dossier)
    sources = sources_from_post(post, by=by)
    event = fact_services.add_event(
        dossier=dossier,
        by=by,
        date=date,
        precision=precision,
        title=title,
        description=description or excerpt(post),
        citations=[(source, "") for source in sources],
        summary=_summary(post),
    )
    return _provenance(post, by=by, dossier=dossier, event=event)


@transaction.atomic
def promote_post_to_figure(
    post,
    *,
    by,
    dossier,
    subject: str,
    value: Decimal,
    unit: str = "",
    as_of: datetime.date | None = None,
    attributed_to=None,
    locator: str = "",
) -> Provenance:
    """Turn the post into a figure; its first address becomes the figure's source."""
    post = _check(post, by=by, dossier=dossier)
    sources = sources_from_post(post, by=by)
    figure = fact_services.add_figure(
        dossier=dossier,
        by=by,
        subject=subject,
        value=value,
        unit=unit,
        as_of=as_of,
        attributed_to=attributed_to,
        source=sources[0] if sources else None,
        locator=locator,
        note=excerpt(post),
        summary=_summary(post),
    )
    return _provenance(post, by=by, dossier=dossier, figure=figure)


def promote_post(post, *, by, dossier, target: str, **values) -> Provenance:
    """Promote the post as the "Add to dossier" form chose (`PromoteForm.Target`).

    `values` are the form's cleaned data; each target reads its own fields.
    """
    if target in ("section", "new_section"):
        return promote_post_to_section(
            post,
            by=by,
            dossier=dossier,
            section=values.get("section") if target == "section" else None,
            new_section_title=values.get("new_section_title", ""),
        )
    if target == "event":
        return promote_post_to_event(
            post,
            by=by,
            dossier=dossier,
            date=values["date"],
            precision=values.get("date_precision") or "day",
            title=values["title"],
        )
    if target == "figure":
        return promote_post_to_figure(
            post,
            by=by,
            dossier=dossier,
            subject=values["subject"],
            value=values["value"],
            unit=values.get("unit", ""),
            as_of=values.get("as_of"),
        )
    raise ValidationError({"target": _("Choose what to do with the post.")})
