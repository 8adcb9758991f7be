"""State changes of a dossier's sections: add, save, revert, move, remove,
restore, lock, and hide a revision.

Every change of a section's text, title or presence is an append-only
SectionRevision and bumps `Section.version`. A save is decided by the
revision kernel (`carre.revisions`) under the section's row lock against the
editor's base revision: based on an older revision, it is merged three-way
when the edits do not overlap, and otherwise kept as a pending conflict
draft. It never overwrites.
"""

import uuid
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from carre.ratelimit import HELD_SECTION_EDITS, SECTION_EDITS, check_rate_limit
from carre.revisions import Conflict, Outcome, Snapshot, decide
from carre.submissions import claim_submission, record_submission
from dossiers.models import (
    SECTION_TEXT_MAX_LENGTH,
    SECTION_TITLE_MAX_LENGTH,
    Dossier,
    PendingEdit,
    Section,
    SectionDraft,
    SectionRevision,
)
from dossiers.permissions import (
    can_publish_edits,
    check_can_edit_dossier,
    check_can_edit_section,
    check_can_moderate,
    check_can_publish_edits,
    check_can_restore_section,
    check_can_view_revision,
)
from dossiers.rendering import render_section
from sources.citations import check_citations
from sources.services import sync_citations

REVISION_SUMMARY_MAX_LENGTH = 300

# The section's fields merged line by line; the title is merged as one value.
SECTION_TEXT_FIELDS = frozenset({"text"})

# What the editor is told of each outcome of a save.
SAVE_MESSAGES = {
    Outcome.SAVED: gettext_lazy("Section saved."),
    Outcome.MERGED: gettext_lazy(
        "Someone else changed this section while you edited it; the two edits "
        "did not overlap and were merged."
    ),
    Outcome.UNCHANGED: gettext_lazy("Nothing changed."),
    Outcome.CONFLICT: gettext_lazy(
        "Someone else changed the same lines while you edited. Nothing was "
        "overwritten: your text is kept as a draft. Merge the two versions below."
    ),
}
PENDING_MESSAGE = gettext_lazy(
    "Thank you! Your edit awaits review by a moderator or a trusted "
    "contributor; you will be notified of their decision."
)


@dataclass(frozen=True)
class SaveResult:
    """What became of a save: saved, merged, unchanged or conflict.

    On a conflict, `conflict` holds both versions and the merged draft (it
    is truthy, so `if result.conflict:` reads as before) and `draft` is the
    pending conflict draft that keeps the editor's text. An edit kept for
    review (accounts.trust) leaves the section unchanged, with `pending`.
    """

    outcome: Outcome
    section: Section
    revision: SectionRevision | None = None
    draft: SectionDraft | None = None
    conflict: Conflict | None = None
    pending: "PendingEdit | None" = None

    @property
    def message(self) -> str:
        """What the editor is told, in their language."""
        if self.pending is not None:
            return str(PENDING_MESSAGE)
        return str(SAVE_MESSAGES[self.outcome])


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


def _copy_revision(
    section: Section, source: SectionRevision, *, action: str, editor, summary=""
) -> SectionRevision:
    """Append a revision that reads like `source` (a revert, a removal, a
    restore, a move), based on it."""
    return _new_revision(
        section,
        action=action,
        editor=editor,
        title=source.title,
        text=source.text,
        html=source.html,
        summary=summary[:REVISION_SUMMARY_MAX_LENGTH],
        base_revision=source,
    )


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
    check_can_publish_edits(editor)
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
      draft (returned) to be resolved by its author;
    - the editor's edits do not go live yet (accounts.trust): the edit is
      kept for review (`result.pending`, services/review.py).
    `resolves` is the conflict draft this save settles (deleted on success).
    """
    title, text = title.strip(), normalize_text(text)
    validate_section_input(title=title, text=text, summary=summary)
    check_citations(text)
    check_can_edit_section(editor, section)
    publishes = can_publish_edits(editor)
    check_rate_limit(editor, SECTION_EDITS if publishes else HELD_SECTION_EDITS)
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
    if not publishes:
        discard_autosave(locked, user=editor)
        if current.title == title and current.text == text:
            return SaveResult(Outcome.UNCHANGED, locked, revision=current)
        from dossiers.services.review import submit_section_edit

        pending = submit_section_edit(
            locked,
            author=editor,
            title=title,
            text=text,
            summary=summary,
            base_revision=base_revision,
        )
        if resolves is not None:
            SectionDraft.objects.filter(pk=resolves.pk, user=editor).delete()
        return SaveResult(Outcome.UNCHANGED, locked, revision=current, pending=pending)
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
        discard_autosave(locked, user=editor)
        return SaveResult(
            Outcome.CONFLICT, locked, draft=draft, conflict=decision.conflict
        )

    discard_autosave(locked, user=editor)
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


def save_section_edit(
    section: Section,
    *,
    editor,
    title: str,
    text: str,
    summary: str = "",
    base_revision: int | None,
    conflict_draft: int | None = None,
) -> SaveResult:
    """`save_section` as the editor's form sends it: the revision the edit
    started from and the conflict draft it settles, by id.

    A revision of another section counts as none, which the save refuses; a
    draft that is not one of the editor's own drafts of this section is left
    alone.
    """
    resolves = None
    if conflict_draft:
        resolves = SectionDraft.objects.filter(
            pk=conflict_draft, user=editor, section=section
        ).first()
    return save_section(
        section,
        editor=editor,
        title=title,
        text=text,
        base_revision=revision_of(section, base_revision),
        summary=summary,
        resolves=resolves,
    )


def revision_of(section: Section, pk: int | None) -> SectionRevision | None:
    """The revision `pk` if it is one of `section`'s (an editor's form says
    which revision it started from); None otherwise, which a save refuses."""
    return section.revisions.filter(pk=pk).first() if pk else None


@transaction.atomic
def revert_section(
    section: Section, *, editor, revision: SectionRevision, summary: str = ""
) -> SectionRevision:
    """Bring back an earlier revision's title and text, as a new revision."""
    check_can_edit_section(editor, section)
    check_can_publish_edits(editor)
    check_can_view_revision(editor, revision)
    if revision.section_id != section.pk:
        raise ValidationError(_("This revision belongs to another section."))
    locked = _locked_section(section)
    check_can_edit_section(editor, locked)
    current = locked.current_revision
    if current.title == revision.title and current.text == revision.text:
        raise ValidationError(_("The section already reads like this revision."))
    summary = summary.strip() or _("Revert to version %(n)d") % {"n": revision.number}
    new = _copy_revision(
        locked,
        revision,
        action=SectionRevision.Action.REVERT,
        editor=editor,
        summary=summary,
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
    """Take a section off the page: a revision, recoverable by a moderator.
    Its pending edits are refused, their authors told why."""
    from dossiers.services.review import refuse_pending_edits_of_removed

    check_can_edit_section(editor, section)
    check_can_publish_edits(editor)
    locked = _locked_section(section)
    check_can_edit_section(editor, locked)
    refuse_pending_edits_of_removed(locked, by=editor)
    locked.removed = True
    current = locked.current_revision
    revision = _copy_revision(
        locked,
        current,
        action=SectionRevision.Action.REMOVE,
        editor=editor,
        summary=summary,
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
    return _copy_revision(
        locked,
        locked.current_revision,
        action=SectionRevision.Action.RESTORE,
        editor=moderator,
        summary=summary,
    )


@transaction.atomic
def move_section(section: Section, *, editor, direction: str) -> Section:
    """Swap a section with its neighbour above ("up") or below ("down").

    The move is a revision of the moved section (same title and text), so the
    history says who reordered the dossier, and when.
    """
    check_can_edit_section(editor, section)
    check_can_publish_edits(editor)
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
    _copy_revision(
        locked,
        locked.current_revision,
        action=(
            SectionRevision.Action.MOVE_UP
            if direction == "up"
            else SectionRevision.Action.MOVE_DOWN
        ),
        editor=editor,
    )
    return locked


@transaction.atomic
def set_section_locked(section: Section, *, moderator, locked: bool) -> Section:
    """Lock a section against contributors' edits, or unlock it."""
    return set_locked(section, moderator=moderator, locked=locked)


def set_locked[M: (Dossier, Section)](obj: M, *, moderator, locked: bool) -> M:
    """Lock or unlock a dossier or a section (moderators only). A lock is no
    revision: it changes who may edit, not what the text says."""
    check_can_moderate(moderator)
    type(obj).objects.filter(pk=obj.pk).update(locked=locked)
    obj.locked = locked
    return obj


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


def discard_autosave(section: Section, *, user) -> None:
    """Forget the user's autosaved edit of `section` (it was saved, or kept
    as a conflict draft). Called inside the caller's transaction."""
    SectionDraft.objects.filter(
        section=section, user=user, kind=SectionDraft.Kind.AUTOSAVE
    ).delete()
