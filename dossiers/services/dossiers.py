"""State changes of a dossier itself: create it, edit its description,
lock it, watch it.

A change of the description is an append-only DossierRevision and bumps
`Dossier.version`; it is decided by the revision kernel (`carre.revisions`)
under the dossier's row lock against the version the editor started from:
merged when the edits do not overlap, refused with EditConflict when they do.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from carre.revisions import (
    Conflict,
    EditConflict,
    Outcome,
    Snapshot,
    decide,
    lock_for_update,
)
from carre.submissions import claim_submission, record_submission
from dossiers.models import SUMMARY_MAX_LENGTH, Dossier, DossierRevision, DossierWatch
from dossiers.permissions import (
    can_publish_edits,
    check_can_create_dossier,
    check_can_edit_dossier,
    check_can_watch_dossier,
)
from dossiers.services.sections import (
    REVISION_SUMMARY_MAX_LENGTH,
    normalize_text,
    set_locked,
)

RESERVED_SLUGS = {"new", "review"}

# What a DossierRevision holds of the dossier: its description.
DESCRIPTION_FIELDS = (
    "title",
    "kind",
    "status",
    "place",
    "latitude",
    "longitude",
    "summary",
)
# Merged line by line; the other fields of the description as whole values.
DESCRIPTION_TEXT_FIELDS = frozenset({"summary"})


def _validate_dossier_input(
    *, title, kind, summary, status, latitude, longitude
) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = _("A dossier needs a title.")
    if kind not in Dossier.Kind.values:
        errors["kind"] = _("Choose a kind of dossier.")
    if status not in Dossier.Status.values:
        errors["status"] = _("Choose draft or published.")
    if len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = _("A summary has at most %(max)d characters.") % {
            "max": SUMMARY_MAX_LENGTH
        }
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    elif latitude is not None and not (
        Decimal(-90) <= latitude <= Decimal(90)
        and Decimal(-180) <= longitude <= Decimal(180)
    ):
        errors["latitude"] = _("These coordinates are outside the globe.")
    if errors:
        raise ValidationError(errors)


# --- dossiers ----------------------------------------------------------------


def _unique_dossier_slug(title: str) -> str:
    base = (slugify(title) or "dossier")[:200]
    slug, n = base, 1
    # "new" is the URL of the creation form.
    while slug in RESERVED_SLUGS or Dossier.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_dossier(
    *,
    author,
    title: str,
    kind: str,
    place: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    summary: str = "",
    status: str = Dossier.Status.DRAFT,
    submission: uuid.UUID | None = None,
) -> Dossier:
    """Create a dossier; its author watches it. `submission`: the form's token
    (a form sent again raises AlreadySubmitted with the dossier it made)."""
    check_can_create_dossier(author)
    claim = claim_submission(submission, user=author)
    title, summary = title.strip(), normalize_text(summary).strip()
    _validate_dossier_input(
        title=title,
        kind=kind,
        summary=summary,
        status=status,
        latitude=latitude,
        longitude=longitude,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                dossier = Dossier.objects.create(
                    title=title,
                    slug=_unique_dossier_slug(title),
                    kind=kind,
                    place=place.strip(),
                    latitude=latitude,
                    longitude=longitude,
                    summary=summary,
                    status=status,
                    created_by=author,
                    last_editor=author,
                    version=1,
                )
            break
        except IntegrityError:
            # Someone took the same slug between our check and our insert.
            continue
    else:
        raise ValidationError({"title": _("Could not name this dossier; try again.")})
    DossierRevision.objects.create(
        dossier=dossier,
        number=1,
        editor=author,
        created_at=dossier.updated_at,
        **{name: getattr(dossier, name) for name in DESCRIPTION_FIELDS},
    )
    DossierWatch.objects.create(dossier=dossier, user=author)
    record_submission(claim, dossier)
    return dossier


def _coordinate(value) -> Decimal | None:
    """A coordinate as the database stores it (6 decimals), for comparisons."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def description_snapshot(source: Dossier | DossierRevision, number: int) -> Snapshot:
    """A dossier's description, or one of its revisions, as the revision kernel
    compares it. The coordinates are one value: a point moves as a whole."""
    return Snapshot(
        number,
        {
            "title": source.title,
            "kind": source.kind,
            "status": source.status,
            "place": source.place,
            "coordinates": (
                _coordinate(source.latitude),
                _coordinate(source.longitude),
            ),
            "summary": source.summary,
        },
    )


@transaction.atomic
def update_dossier(
    dossier: Dossier,
    *,
    editor,
    title: str,
    kind: str,
    place: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    summary: str = "",
    status: str,
    base_version: int | None = None,
    edit_summary: str = "",
) -> Dossier:
    """Change a dossier's description (its slug, the permalink, stays), as a
    new DossierRevision.

    `base_version` is the version the editor started from (None: the current
    one). Decided by the revision kernel under the dossier's row lock: an edit
    over a newer version is merged when the two change different fields (or
    different lines of the summary), and refused with EditConflict, which
    carries both versions, when they overlap.

    Below the publishing trust level (accounts.trust) nothing changes: the
    edit is kept for review and returned as `dossier.pending_edit` (else
    None; services/review.py).
    """
    check_can_edit_dossier(editor, dossier)
    title, summary = title.strip(), normalize_text(summary).strip()
    _validate_dossier_input(
        title=title,
        kind=kind,
        summary=summary,
        status=status,
        latitude=latitude,
        longitude=longitude,
    )
    # NO KEY UPDATE, like every lock of a dossier (see sections._lock_dossier).
    locked = lock_for_update(dossier, no_key=True)
    check_can_edit_dossier(editor, locked)
    locked.pending_edit = None
    base_number = locked.version if base_version is None else base_version
    values = {
        "title": title,
        "kind": kind,
        "status": status,
        "place": place.strip(),
        "latitude": latitude,
        "longitude": longitude,
        "summary": summary,
    }
    if not can_publish_edits(editor):
        from dossiers.services.review import submit_description_edit

        base_revision = locked.revisions.filter(number=base_number).first()
        if base_revision is None:
            # Kept, it could only be refused: say so now.
            raise ValidationError(
                {"base_version": _("This form is damaged; reload the page.")}
            )
        if description_snapshot(locked, 0).values != _mine(values):
            locked.pending_edit = submit_description_edit(
                locked,
                author=editor,
                values=values,
                base_revision=base_revision,
                summary=edit_summary,
            )
        return locked
    saved = save_description(
        locked,
        editor=editor,
        values=values,
        base_number=base_number,
        edit_summary=edit_summary,
    )
    if saved.conflict:
        raise EditConflict(
            saved.conflict,
            _(
                "Someone changed this description while you were editing it. "
                "Your text is kept below; compare it with the current version "
                "and save again."
            ),
        )
    return locked


def _mine(values: dict) -> dict:
    """A description's fields as the revision kernel compares them."""
    mine = {name: values[name] for name in DESCRIPTION_FIELDS}
    mine["coordinates"] = (
        _coordinate(mine.pop("latitude")),
        _coordinate(mine.pop("longitude")),
    )
    return mine


@dataclass(frozen=True)
class DescriptionSave:
    """What `save_description` decided: the revision it wrote (None when
    nothing changed), or the conflict that stopped it."""

    outcome: Outcome
    revision: DossierRevision | None = None
    conflict: Conflict | None = None


def save_description(
    locked: Dossier, *, editor, values: dict, base_number: int, edit_summary=""
) -> DescriptionSave:
    """Decide and write a validated description edit by `editor`, started
    from version `base_number`, on a dossier locked by the caller (an edit
    saved live, or a pending edit accepted): a new DossierRevision, the
    fields merged with a newer version when the edits do not overlap."""
    current = description_snapshot(locked, locked.version)
    base_revision = locked.revisions.filter(number=base_number).first()
    if base_number == locked.version:
        base = current
    elif base_revision is not None:
        base = description_snapshot(base_revision, base_number)
    else:
        base = None
    decision = decide(
        base=base,
        current=current,
        mine=_mine(values),
        text_fields=DESCRIPTION_TEXT_FIELDS,
    )
    if decision.conflict:
        return DescriptionSave(Outcome.CONFLICT, conflict=decision.conflict)
    if not decision.writes:
        return DescriptionSave(decision.outcome)
    values = dict(decision.values)
    latitude, longitude = values.pop("coordinates")
    values.update(latitude=latitude, longitude=longitude)
    if decision.outcome is Outcome.MERGED:
        _validate_dossier_input(
            **{name: values[name] for name in ("title", "kind", "summary", "status")},
            latitude=latitude,
            longitude=longitude,
        )
    now = timezone.now()
    revision = DossierRevision.objects.create(
        dossier=locked,
        number=locked.version + 1,
        editor=editor,
        created_at=now,
        edit_summary=edit_summary.strip()[:REVISION_SUMMARY_MAX_LENGTH],
        base_revision=base_revision,
        **values,
    )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.updated_at, locked.last_editor = now, editor
    locked.save(update_fields=[*values, "version", "updated_at", "last_editor"])
    return DescriptionSave(decision.outcome, revision=revision)


@transaction.atomic
def set_dossier_locked(dossier: Dossier, *, moderator, locked: bool) -> Dossier:
    """Lock a dossier (its description and sections) against contributors'
    edits, or unlock it."""
    return set_locked(dossier, moderator=moderator, locked=locked)


@transaction.atomic
def watch_dossier(dossier: Dossier, *, user) -> DossierWatch:
    check_can_watch_dossier(user, dossier)
    watch, _created = DossierWatch.objects.get_or_create(dossier=dossier, user=user)
    return watch


@transaction.atomic
def unwatch_dossier(dossier: Dossier, *, user) -> None:
    DossierWatch.objects.filter(dossier=dossier, user=user).delete()
