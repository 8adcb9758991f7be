"""State changes of dossiers: one function per change, each in one transaction.

Every change of a section's text, title or presence is an append-only
SectionRevision and bumps `Section.version`; every change of a dossier's
description is an append-only DossierRevision and bumps `Dossier.version`.
Saves are decided by the revision kernel (`carre.revisions`) under a row lock
against the editor's base revision: a save based on an older revision is
merged three-way when the edits do not overlap; otherwise a section keeps it
as a pending conflict draft, and a description refuses it (EditConflict). It
never overwrites.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from carre.ratelimit import SECTION_EDITS, check_rate_limit
from carre.revisions import (
    Conflict,
    EditConflict,
    Outcome,
    Snapshot,
    decide,
    lock_for_update,
    three_way,
)
from carre.submissions import claim_submission, record_submission
from dossiers.models import (
    SECTION_TEXT_MAX_LENGTH,
    SECTION_TITLE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Dossier,
    DossierRevision,
    DossierWatch,
    Section,
    SectionDraft,
    SectionRevision,
)
from dossiers.permissions import (
    check_can_create_dossier,
    check_can_edit_dossier,
    check_can_edit_section,
    check_can_moderate,
    check_can_restore_section,
    check_can_view_revision,
    check_can_watch_dossier,
)
from dossiers.rendering import render_section
from sources.citations import check_citations
from sources.services import sync_citations

REVISION_SUMMARY_MAX_LENGTH = 300
RESERVED_SLUGS = {"new"}

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


# The section's fields merged line by line; the title is merged as one value.
SECTION_TEXT_FIELDS = frozenset({"text"})


@dataclass(frozen=True)
class SaveResult:
    """What became of a save: saved, merged, unchanged or conflict.

    On a conflict, `conflict` holds both versions and the merged draft (it
    is truthy, so `if result.conflict:` reads as before) and `draft` is the
    pending conflict draft that keeps the editor's text.
    """

    outcome: Outcome
    section: Section
    revision: SectionRevision | None = None
    draft: SectionDraft | None = None
    conflict: Conflict | None = None


def section_snapshot(revision: SectionRevision | None) -> Snapshot | None:
    """A section revision as the revision kernel compares it."""
    if revision is None:
        return None
    return Snapshot(revision.number, {"title": revision.title, "text": revision.text})


# --- validation --------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Browsers send CRLF; revisions store LF, so diffs and merges line up."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def validate_section_input(*, title: str, text: str, summary: str = "") -> None:
    errors = {}
    if not title.strip():
        errors["title"] = _("A section needs a title.")
    elif len(title) > SECTION_TITLE_MAX_LENGTH:
        errors["title"] = _("A title has at most %(max)d characters.") % {
            "max": SECTION_TITLE_MAX_LENGTH
        }
    if len(text) > SECTION_TEXT_MAX_LENGTH:
        errors["text"] = _(
            "A section has at most %(max)d characters (this one has %(length)d); "
            "split it into several sections."
        ) % {"max": SECTION_TEXT_MAX_LENGTH, "length": len(text)}
    if len(summary) > REVISION_SUMMARY_MAX_LENGTH:
        errors["summary"] = _("An edit summary has at most %(max)d characters.") % {
            "max": REVISION_SUMMARY_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)


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
    # NO KEY UPDATE, like every lock of a dossier (see _lock_dossier).
    locked = lock_for_update(dossier, no_key=True)
    check_can_edit_dossier(editor, locked)
    current = description_snapshot(locked, locked.version)
    base_number = locked.version if base_version is None else base_version
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
        mine={
            "title": title,
            "kind": kind,
            "status": status,
            "place": place.strip(),
            "coordinates": (_coordinate(latitude), _coordinate(longitude)),
            "summary": summary,
        },
        text_fields=DESCRIPTION_TEXT_FIELDS,
    )
    if decision.conflict:
        raise EditConflict(
            decision.conflict,
            _(
                "Someone changed this description while you were editing it. "
                "Your text is kept below; compare it with the current version "
                "and save again."
            ),
        )
    if not decision.writes:
        return locked
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
    DossierRevision.objects.create(
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
    return locked


@transaction.atomic
def set_dossier_locked(dossier: Dossier, *, moderator, locked: bool) -> Dossier:
    check_can_moderate(moderator)
    Dossier.objects.filter(pk=dossier.pk).update(locked=locked)
    dossier.locked = locked
    return dossier


@transaction.atomic
def watch_dossier(dossier: Dossier, *, user) -> DossierWatch:
    check_can_watch_dossier(user, dossier)
    watch, _created = DossierWatch.objects.get_or_create(dossier=dossier, user=user)
    return watch


@transaction.atomic
def unwatch_dossier(dossier: Dossier, *, user) -> None:
    DossierWatch.objects.filter(dossier=dossier, user=user).delete()


# --- sections ----------------------------------------------------------------


def _new_revision(
    section: Section,
    *,
    action: str,
    editor,
    title: str,
    text: str,
    html: str,
    summary: str = "",
    base_revision: SectionRevision | None = None,
) -> SectionRevision:
    """Append a revision to a locked section and make it current."""
    now = timezone.now()
    revision = SectionRevision.objects.create(
        section=section,
        number=section.version + 1,
        action=action,
        title=title,
        text=text,
        html=html,
        editor=editor,
        created_at=now,
        summary=summary.strip(),
        base_revision=base_revision,
    )
    section.version = revision.number
    section.current_revision = revision
    section.title, section.text, section.html = title, text, html
    section.updated_at = now
    section.save(
        update_fields=[
            "version",
            "current_revision",
            "title",
            "text",
            "html",
            "updated_at",
            "removed",
        ]
    )
    Dossier.objects.filter(pk=section.dossier_id).update(
        updated_at=now, last_editor=editor
    )
    sync_citations(section, text)
    return revision


def _lock_dossier(dossier_id: int) -> Dossier:
    """The dossier row, locked until the end of the transaction.

    Every change takes the dossier's lock before any section's, in that order,
    so a save and a reorder of the same dossier cannot deadlock. NO KEY
    UPDATE: rows referencing the dossier can still be inserted meanwhile.
    """
    return Dossier.objects.select_for_update(no_key=True).get(pk=dossier_id)


def _locked_section(section: Section) -> Section:
    """The section row (and its dossier), locked until the end of the transaction.

    No join here: under READ COMMITTED, a row lock that waited for another
    transaction returns the new row version, but joined rows come from the
    statement's older snapshot (a revision inserted by the winner would join
    as NULL). The current revision is read by a later statement.
    """
    dossier = _lock_dossier(section.dossier_id)
    locked = Section.objects.select_for_update(no_key=True).get(pk=section.pk)
    locked.dossier = dossier
    return locked


def _notify_watchers(section: Section, *, actor, message: str, **params) -> None:
    """Tell the dossier's watchers; `message` is a gettext_noop string
    formatted with `params` (each reads it in their own language)."""
    if not apps.is_installed("notifications"):
        return
    from notifications.services import notify

    dossier = section.dossier
    notify(
        dossier.watchers.filter(is_active=True).exclude(pk=actor.pk),
        actor=actor,
        verb="dossier_change",
        url=section.get_absolute_url(),
        message=message,
        params={"editor": actor.public_name, "dossier": dossier.title, **params},
    )


@transaction.atomic
def add_section(
    dossier: Dossier,
    *,
    editor,
    title: str,
    text: str = "",
    summary: str = "",
    submission: uuid.UUID | None = None,
) -> Section:
    """Add a section at the end of a dossier, with its first revision.
    `submission`: the form's token (see create_dossier)."""
    check_can_edit_dossier(editor, dossier)
    claim = claim_submission(submission, user=editor)
    check_rate_limit(editor, SECTION_EDITS)
    title, text = title.strip(), normalize_text(text)
    validate_section_input(title=title, text=text, summary=summary)
    check_citations(text)
    # Serialises additions, so positions and anchors stay unique.
    _lock_dossier(dossier.pk)
    last = dossier.sections.aggregate(last=Max("position"))["last"]
    anchor_base = (slugify(title) or "section")[:200]
    anchor, n = anchor_base, 1
    while dossier.sections.filter(anchor=anchor).exists():
        n += 1
        anchor = f"{anchor_base}-{n}"
    section = Section.objects.create(
        dossier=dossier,
        title=title,
        anchor=anchor,
        position=0 if last is None else last + 1,
    )
    _new_revision(
        section,
        action=SectionRevision.Action.CREATE,
        editor=editor,
        title=title,
        text=text,
        html=render_section(text),
        summary=summary,
    )
    _notify_watchers(
        section,
        actor=editor,
        message=gettext_noop(
            "%(editor)s added the section “%(title)s” to %(dossier)s."
        ),
        title=title,
    )
    record_submission(claim, section)
    return section


@transaction.atomic
def save_section(
    section: Section,
    *,
    editor,
    title: str,
    text: str,
    base_revision: SectionRevision | None,
    summary: str = "",
    resolves: SectionDraft | None = None,
) -> SaveResult:
    """Save an edit started from `base_revision`, never overwriting a newer one.

    - base is current: a new revision;
    - base is older and the edits do not overlap: a merged revision;
    - they overlap: nothing is saved; the text is kept as a pending conflict
      draft (returned) to be resolved by its author.
    `resolves` is the conflict draft this save settles (deleted on success).
    """
    title, text = title.strip(), normalize_text(text)
    validate_section_input(title=title, text=text, summary=summary)
    check_citations(text)
    check_can_edit_section(editor, section)
    check_rate_limit(editor, SECTION_EDITS)
    if base_revision is None or base_revision.section_id != section.pk:
        raise ValidationError(
            {
                "base_revision": _(
                    "This edit does not start from a revision of this section."
                )
            }
        )
    # The decision is made here, one save at a time per section.
    locked = _locked_section(section)
    check_can_edit_section(editor, locked)
    current = locked.current_revision
    decision = decide(
        base=section_snapshot(base_revision),
        current=section_snapshot(current),
        mine={"title": title, "text": text},
        text_fields=SECTION_TEXT_FIELDS,
    )
    if decision.conflict:
        draft = SectionDraft.objects.create(
            section=locked,
            user=editor,
            kind=SectionDraft.Kind.CONFLICT,
            title=title,
            text=text,
            summary=summary.strip()[:REVISION_SUMMARY_MAX_LENGTH],
            base_revision=base_revision,
            conflict_revision=current,
        )
        if resolves is not None:
            resolves.delete()
        _discard_autosave(locked, user=editor)
        return SaveResult(
            Outcome.CONFLICT, locked, draft=draft, conflict=decision.conflict
        )

    _discard_autosave(locked, user=editor)
    if resolves is not None:
        SectionDraft.objects.filter(pk=resolves.pk, user=editor).delete()
    if not decision.writes:
        return SaveResult(Outcome.UNCHANGED, locked, revision=current)
    new_title, new_text = decision.values["title"], decision.values["text"]
    if decision.outcome is Outcome.MERGED:
        validate_section_input(title=new_title, text=new_text)
    revision = _new_revision(
        locked,
        action=(
            SectionRevision.Action.MERGE
            if decision.outcome is Outcome.MERGED
            else SectionRevision.Action.EDIT
        ),
        editor=editor,
        title=new_title,
        text=new_text,
        html=render_section(new_text),
        summary=summary,
        base_revision=base_revision,
    )
    _notify_watchers(
        locked,
        actor=editor,
        message=gettext_noop("%(editor)s edited “%(title)s” in %(dossier)s."),
        title=new_title,
    )
    return SaveResult(decision.outcome, locked, revision=revision)


def draft_conflict(draft: SectionDraft, *, section: Section) -> Conflict:
    """A pending conflict draft against the section as it reads now: both
    versions and the merged text, its overlapping passages marked."""
    return three_way(
        base=section_snapshot(draft.base_revision),
        current=section_snapshot(section.current_revision),
        mine={"title": draft.title, "text": draft.text},
        text_fields=SECTION_TEXT_FIELDS,
    )


@transaction.atomic
def revert_section(
    section: Section, *, editor, revision: SectionRevision, summary: str = ""
) -> SectionRevision:
    """Bring back an earlier revision's title and text, as a new revision."""
    check_can_edit_section(editor, section)
    check_can_view_revision(editor, revision)
    if revision.section_id != section.pk:
        raise ValidationError(_("This revision belongs to another section."))
    locked = _locked_section(section)
    check_can_edit_section(editor, locked)
    current = locked.current_revision
    if current.title == revision.title and current.text == revision.text:
        raise ValidationError(_("The section already reads like this revision."))
    summary = summary.strip() or _("Revert to version %(n)d") % {"n": revision.number}
    new = _new_revision(
        locked,
        action=SectionRevision.Action.REVERT,
        editor=editor,
        title=revision.title,
        text=revision.text,
        html=revision.html,
        summary=summary[:REVISION_SUMMARY_MAX_LENGTH],
        base_revision=revision,
    )
    _notify_watchers(
        locked,
        actor=editor,
        message=gettext_noop("%(editor)s reverted “%(title)s” in %(dossier)s."),
        title=revision.title,
    )
    return new


@transaction.atomic
def remove_section(section: Section, *, editor, summary: str = "") -> SectionRevision:
    """Take a section off the page: a revision, recoverable by a moderator."""
    check_can_edit_section(editor, section)
    locked = _locked_section(section)
    check_can_edit_section(editor, locked)
    locked.removed = True
    current = locked.current_revision
    revision = _new_revision(
        locked,
        action=SectionRevision.Action.REMOVE,
        editor=editor,
        title=current.title,
        text=current.text,
        html=current.html,
        summary=summary[:REVISION_SUMMARY_MAX_LENGTH],
        base_revision=current,
    )
    _notify_watchers(
        locked,
        actor=editor,
        message=gettext_noop(
            "%(editor)s removed the section “%(title)s” from %(dossier)s."
        ),
        title=current.title,
    )
    return revision


@transaction.atomic
def restore_section(
    section: Section, *, moderator, summary: str = ""
) -> SectionRevision:
    """Put a removed section back on the page, as a new revision."""
    check_can_restore_section(moderator, section)
    locked = _locked_section(section)
    if not locked.removed:
        raise ValidationError(_("This section is not removed."))
    locked.removed = False
    current = locked.current_revision
    return _new_revision(
        locked,
        action=SectionRevision.Action.RESTORE,
        editor=moderator,
        title=current.title,
        text=current.text,
        html=current.html,
        summary=summary[:REVISION_SUMMARY_MAX_LENGTH],
        base_revision=current,
    )


@transaction.atomic
def move_section(section: Section, *, editor, direction: str) -> Section:
    """Swap a section with its neighbour above ("up") or below ("down").

    The move is a revision of the moved section (same title and text), so the
    history says who reordered the dossier, and when.
    """
    check_can_edit_section(editor, section)
    if direction not in ("up", "down"):
        raise ValidationError(_("A section moves up or down."))
    locked = _locked_section(section)
    check_can_edit_section(editor, locked)
    siblings = list(
        Section.objects.filter(dossier_id=section.dossier_id, removed=False).order_by(
            "position", "id"
        )
    )
    index = next(
        (i for i, sibling in enumerate(siblings) if sibling.pk == section.pk), None
    )
    if index is None:
        raise ValidationError(_("This section was removed."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return locked  # Already first or last: nothing to record.
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Section.objects.bulk_update(siblings, ["position"])
    locked.position = other
    _new_revision(
        locked,
        action=(
            SectionRevision.Action.MOVE_UP
            if direction == "up"
            else SectionRevision.Action.MOVE_DOWN
        ),
        editor=editor,
        title=locked.title,
        text=locked.text,
        html=locked.html,
        base_revision=locked.current_revision,
    )
    return locked


@transaction.atomic
def set_section_locked(section: Section, *, moderator, locked: bool) -> Section:
    check_can_moderate(moderator)
    Section.objects.filter(pk=section.pk).update(locked=locked)
    section.locked = locked
    return section


@transaction.atomic
def set_revision_hidden(
    revision: SectionRevision, *, moderator, hidden: bool
) -> SectionRevision:
    """Hide a vandalised revision from the public history (moderators still see it)."""
    check_can_moderate(moderator)
    if hidden and revision.section.current_revision_id == revision.pk:
        raise ValidationError(
            _("This is the current text: revert the section first, then hide it.")
        )
    revision.hidden = hidden
    revision.hidden_by = moderator if hidden else None
    revision.hidden_at = timezone.now() if hidden else None
    # The only fields of a revision that ever change.
    revision.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    return revision


# --- drafts ------------------------------------------------------------------


def _discard_autosave(section: Section, *, user) -> None:
    SectionDraft.objects.filter(
        section=section, user=user, kind=SectionDraft.Kind.AUTOSAVE
    ).delete()


@transaction.atomic
def autosave_draft(
    section: Section,
    *,
    user,
    title: str,
    text: str,
    base_revision: SectionRevision | None,
    summary: str = "",
) -> SectionDraft | None:
    """Keep the text of an edit in progress on the server (one per user and section).

    Returns None (and keeps no draft) when the text equals the current one.
    """
    check_can_edit_section(user, section)
    title, text = title.strip(), normalize_text(text)
    validate_section_input(title=title or section.title, text=text, summary=summary)
    if base_revision is not None and base_revision.section_id != section.pk:
        raise ValidationError(
            {
                "base_revision": _(
                    "This edit does not start from a revision of this section."
                )
            }
        )
    current = section.current_revision
    if current is not None and (title or current.title, text) == (
        current.title,
        current.text,
    ):
        # Nothing unsaved (e.g. an autosave arriving just after the save).
        _discard_autosave(section, user=user)
        return None
    draft, _created = SectionDraft.objects.update_or_create(
        section=section,
        user=user,
        kind=SectionDraft.Kind.AUTOSAVE,
        defaults={
            "title": title or section.title,
            "text": text,
            "summary": summary.strip(),
            "base_revision": base_revision,
            "updated_at": timezone.now(),
        },
    )
    return draft


@transaction.atomic
def discard_draft(draft: SectionDraft, *, user) -> None:
    """Throw away one of the user's own drafts (autosave or conflict)."""
    if draft.user_id != user.pk:
        raise ValidationError(_("This draft is not yours."))
    draft.delete()
