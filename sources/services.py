"""State changes of the source library, one function each, in a transaction.

Views, the admin, commands, the demo loader and tests all call these.
"""

import datetime
import hashlib
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carre.integrity import unique_violation_fields
from carre.ratelimit import SOURCES, UPLOADS, check_rate_limit
from carre.submissions import claim_submission, record_submission
from sources import permissions
from sources.citations import parse_citations
from sources.models import (
    KEY_MAX_LENGTH,
    LOCATOR_MAX_LENGTH,
    RESERVED_KEYS,
    Citation,
    Source,
)
from sources.normalization import host_of, normalize_url
from sources.uploads import clean_upload

# The form errors of a key or an address someone else took first (the forms
# check too; these answer the request that lost a race with the other one).
KEY_TAKEN = _lazy("Another source already uses this key.")
URL_TAKEN = _lazy("This address is already in the library.")

# Fields a person may set by hand (add form, edit form, demo).
EDITABLE_FIELDS = (
    "title",
    "publisher",
    "author",
    "kind",
    "published_on",
    "accessed_on",
    "language",
    "paywalled",
    "archive_url",
    "description",
)


def _key_base(*, publisher: str, url: str, title: str) -> str:
    if publisher:
        base = slugify(publisher)
    elif url:
        # "www.lunion.fr" -> "lunion"; "france3-regions.francetvinfo.fr" -> first label.
        base = slugify(host_of(url).split(".")[0])
    else:
        base = slugify(" ".join(title.split()[:4]))
    base = base[:40].strip("-") or "source"
    return f"{base}-source" if base in RESERVED_KEYS else base


def generate_key(
    *,
    publisher: str = "",
    url: str = "",
    title: str = "",
    published_on: datetime.date | None = None,
    exclude_pk: int | None = None,
) -> str:
    """A free citation key like "streetpress-2023-01-26" (then "-b", "-c", …)."""
    base = _key_base(publisher=publisher, url=url, title=title)
    if published_on:
        base = f"{base}-{published_on.isoformat()}"
    taken = set(
        Source.objects.filter(key__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("key", flat=True)
    )
    if base not in taken:
        return base
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        if f"{base}-{suffix}" not in taken:
            return f"{base}-{suffix}"
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"[:KEY_MAX_LENGTH]


def find_source_by_url(url: str) -> Source | None:
    """The source for this address, whichever of its forms was given."""
    normalized = normalize_url(url)
    return (
        Source.objects.filter(Q(url=normalized) | Q(canonical_url=normalized))
        .order_by("pk")
        .first()
    )


@transaction.atomic
def add_source_by_url(*, url: str, added_by, kind: str = "") -> tuple[Source, bool]:
    """Add the source at url, or return the one that already has it.

    Returns (source, created). A new source is fetched in the background.
    Raises InvalidURL for an address that is not http(s).
    """
    permissions.check_can_add_source(added_by)
    normalized = normalize_url(url)
    existing = find_source_by_url(normalized)
    if existing:
        return existing, False
    check_rate_limit(added_by, SOURCES)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                source = Source.objects.create(
                    url=normalized,
                    key=generate_key(url=normalized),
                    kind=kind or Source.Kind.ARTICLE,
                    fetch_status=Source.FetchStatus.PENDING,
                    added_by=added_by,
                )
        except IntegrityError:
            # Someone added the same address (or took the same key) a moment ago.
            existing = find_source_by_url(normalized)
            if existing:
                return existing, False
            continue
        _enqueue_fetch(source)
        return source, True
    raise ValidationError(_("The source could not be added; try again."))


def _enqueue_fetch(source: Source) -> None:
    from sources.tasks import fetch_source

    # Enqueued in the same transaction: the database backend's task row
    # commits (or rolls back) with the source.
    fetch_source.enqueue(source.pk)


def _save_unique(source: Source, *, regenerate_key=None) -> None:
    """Save source in a savepoint; a key or address taken meanwhile is a form error.

    With regenerate_key, a generated key that someone took a moment ago is
    replaced by the next free one instead (nobody chose it).
    """
    for _attempt in range(5):
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError as error:
            fields = unique_violation_fields(error, Source)
            if "key" in fields and regenerate_key is not None:
                source.key = regenerate_key()
                continue
            if "key" in fields:
                raise ValidationError({"key": KEY_TAKEN}, code="unique") from error
            if fields & {"url", "canonical_url"}:
                raise ValidationError({"url": URL_TAKEN}, code="unique") from error
            raise
        return
    raise ValidationError(_("The source could not be added; try again."))


@transaction.atomic
def add_source_manually(
    *,
    added_by,
    key: str = "",
    url: str = "",
    submission: uuid.UUID | None = None,
    **fields,
) -> Source:
    """Add a source described by hand (a paper document, a video not online…).

    Raises ValidationError({"key": …}) or ({"url": …}) when the key or the
    address is taken, also by a request that saved a moment before this one.
    `submission`: the form's token; a form sent again raises AlreadySubmitted
    with the source it added.
    """
    permissions.check_can_add_source(added_by)
    claim = claim_submission(submission, user=added_by)
    check_rate_limit(added_by, SOURCES)
    fields = {name: value for name, value in fields.items() if name in EDITABLE_FIELDS}
    normalized = normalize_url(url) if url else ""

    def new_key():
        return generate_key(
            publisher=fields.get("publisher", ""),
            url=normalized,
            title=fields.get("title", ""),
            published_on=fields.get("published_on"),
        )

    source = Source(
        url=normalized,
        added_by=added_by,
        key=key or new_key(),
        key_is_generated=not key,
        **fields,
    )
    # Uniqueness is decided by the database when saving (_save_unique), so
    # that a check here cannot pass for two requests at once.
    source.full_clean(validate_unique=False, validate_constraints=False)
    _save_unique(source, regenerate_key=None if key else new_key)
    record_submission(claim, source)
    return source


@transaction.atomic
def add_source_by_upload(
    *,
    upload,
    added_by,
    key: str = "",
    submission: uuid.UUID | None = None,
    **fields,
) -> Source:
    """Add a photo or a PDF; its metadata is stripped and its name generated.

    Raises ValidationError({"file": …}) for a file of the wrong type or size
    (a decompression bomb included), before anything is stored. `submission`:
    as for add_source_manually.
    """
    permissions.check_can_add_source(added_by)
    claim = claim_submission(submission, user=added_by)
    check_rate_limit(added_by, UPLOADS)
    try:
        clean = clean_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    fields.setdefault(
        "kind",
        Source.Kind.PHOTO
        if clean.content_type.startswith("image/")
        else Source.Kind.OFFICIAL,
    )
    source = add_source_manually(added_by=added_by, key=key, **fields)
    clean.content.seek(0)
    source.snapshot_sha256 = hashlib.sha256(clean.content.read()).hexdigest()
    clean.content.seek(0)
    source.file.save(clean.name, clean.content, save=False)
    source.file_type = clean.content_type
    source.save(update_fields=["file", "file_type", "snapshot_sha256"])
    record_submission(claim, source)
    return source


@transaction.atomic
def update_source(
    source: Source, *, editor, key: str | None = None, **fields
) -> Source:
    """Correct a source's metadata. A changed key is checked to be free."""
    permissions.check_can_edit_source(editor, source)
    source = Source.objects.select_for_update().get(pk=source.pk)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(source, name, value)
    if key and key != source.key:
        if source.citations.exists():
            raise ValidationError(
                {"key": _("This key is already cited, so it cannot change.")}
            )
        source.key = key
        source.key_is_generated = False
    source.updated_at = timezone.now()
    source.full_clean(validate_unique=False, validate_constraints=False)
    _save_unique(source)
    return source


@transaction.atomic
def refetch_source(source: Source, *, by) -> Source:
    """Fetch a source's page again (after a failure, or to refresh it)."""
    permissions.check_can_refetch_source(by, source)
    source = Source.objects.select_for_update().get(pk=source.pk)
    source.fetch_status = Source.FetchStatus.PENDING
    source.fetch_error = ""
    source.fetch_http_status = None
    source.save(update_fields=["fetch_status", "fetch_error", "fetch_http_status"])
    _enqueue_fetch(source)
    return source


@transaction.atomic
def record_fetch_success(source_id: int, *, final_url: str, metadata) -> Source | None:
    """Store what a fetch found. Idempotent: a retry only overwrites the same row.

    Metadata a person already entered is kept; empty fields are filled.
    """
    source = Source.objects.select_for_update().filter(pk=source_id).first()
    if source is None:
        return None
    kept_key, kept_canonical_url = source.key, source.canonical_url
    now = timezone.now()
    for name in ("title", "publisher", "author", "description", "language"):
        if not getattr(source, name) and getattr(metadata, name):
            setattr(source, name, getattr(metadata, name))
    if not source.published_on and metadata.published_on:
        source.published_on = metadata.published_on
    if metadata.kind and source.kind == Source.Kind.ARTICLE:
        source.kind = metadata.kind
    canonical = metadata.canonical_url or final_url
    if (
        canonical != source.url
        and not Source.objects.filter(Q(url=canonical) | Q(canonical_url=canonical))
        .exclude(pk=source.pk)
        .exists()
    ):
        source.canonical_url = canonical
    if metadata.text:
        source.snapshot_text = metadata.text
        source.snapshot_sha256 = hashlib.sha256(metadata.text.encode()).hexdigest()
    source.fetched_at = now
    source.accessed_on = source.accessed_on or timezone.localdate(now)
    source.fetch_status = Source.FetchStatus.DONE
    source.fetch_error = ""
    source.fetch_http_status = None
    source.link_status = Source.LinkStatus.OK
    source.link_checked_at = now
    if source.key_is_generated and not source.citations.exists():
        source.key = generate_key(
            publisher=source.publisher,
            url=source.url,
            title=source.title,
            published_on=source.published_on,
            exclude_pk=source.pk,
        )
    source.updated_at = now
    for _attempt in range(3):
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError as error:
            # Another source's fetch, at the same moment, took this key or
            # canonical address after the checks above: keep this one's own.
            fields = unique_violation_fields(error, Source)
            if "key" in fields:
                source.key = kept_key
            elif "canonical_url" in fields:
                source.canonical_url = kept_canonical_url
            else:
                raise
        else:
            break
    return source


@transaction.atomic
def record_fetch_failure(
    source_id: int, *, code: str, http_status: int | None = None
) -> Source | None:
    source = Source.objects.select_for_update().filter(pk=source_id).first()
    if source is None:
        return None
    source.fetch_status = Source.FetchStatus.FAILED
    source.fetch_error = code
    source.fetch_http_status = http_status
    # When the address was tried. fetched_at stays the time of the last fetch
    # that worked: the kept copy's date must not move to a failed attempt.
    source.link_checked_at = timezone.now()
    if code == Source.FetchError.NOT_FOUND:
        source.link_status = Source.LinkStatus.DEAD
    source.save()
    return source


@transaction.atomic
def record_link_check(source_id: int, *, status: str) -> Source | None:
    source = Source.objects.select_for_update().filter(pk=source_id).first()
    if source is None:
        return None
    source.link_status = status
    source.link_checked_at = timezone.now()
    source.save(update_fields=["link_status", "link_checked_at"])
    return source


@transaction.atomic
def keep_text_copy(source: Source, *, text: str, by) -> Source:
    """Keep a text copy of a source typed or pasted by a person (a paper
    document, a broadcast, the demo's offline sources), with its SHA-256.

    A copy fetched from the page later replaces it.
    """
    permissions.check_can_edit_source(by, source)
    source = Source.objects.select_for_update().get(pk=source.pk)
    source.snapshot_text = text
    source.snapshot_sha256 = hashlib.sha256(text.encode()).hexdigest()
    source.updated_at = timezone.now()
    source.save(update_fields=["snapshot_text", "snapshot_sha256", "updated_at"])
    return source


@transaction.atomic
def record_archive_url(source_id: int, *, archive_url: str) -> None:
    Source.objects.filter(pk=source_id, archive_url="").update(archive_url=archive_url)


# No savepoint: inside the caller's transaction there is nothing to undo apart.
@transaction.atomic(savepoint=False)
def sync_citations(
    obj, text: str, *, replace: bool = True, cites=None
) -> list[Citation]:
    """Make the Citation rows of obj match the cites in its Markdown text
    (`replace=False`: obj was just created and has none to delete yet).
    `cites`: the text's cites when the caller has rendered it already (its
    Markdown is then not parsed a second time).

    Unknown keys are ignored here (forms refuse them with validate_citations).
    Call it from the service that saves obj, in the same transaction.
    """
    content_type = ContentType.objects.get_for_model(obj)
    wanted = []
    for item in parse_citations(text) if cites is None else cites:
        pair = (item.key, item.locator[:LOCATOR_MAX_LENGTH])
        if pair not in wanted:
            wanted.append(pair)
    sources = Source.objects.in_bulk(
        [key for key, _locator in wanted], field_name="key"
    )
    if replace:
        Citation.objects.filter(content_type=content_type, object_id=obj.pk).delete()
    citations = [
        Citation(
            source=sources[key],
            content_type=content_type,
            object_id=obj.pk,
            locator=locator,
            position=position,
        )
        for position, (key, locator) in enumerate(wanted)
        if key in sources
    ]
    return Citation.objects.bulk_create(citations)
