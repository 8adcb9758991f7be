"""Pending edits: a section or description edit by someone whose edits do
not yet go live (accounts.trust), kept until a moderator or a trusted
contributor decides.

- `submit_section_edit` (called by `save_section`) and
  `submit_description_edit` (called by `update_dossier`) keep the edit as a
  PendingEdit; the page shows that an edit awaits review, nothing more.
- `accept_pending_edit` saves it through the revision kernel like any save,
  from the revision its author started from: a newer revision meanwhile is
  merged three-way when the edits do not overlap, and otherwise nothing is
  saved and the reviewer gets the `Conflict` (both texts, a merged draft
  with the overlapping passages marked) to edit and accept again.
- `refuse_pending_edit` closes it with a reason.

The author is notified of each decision, and each goes to the moderation
log. The row stays after the decision: an edit is never lost.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.trust import refresh_trust
from carre.moderation_log import clean_reason, log_moderation
from carre.revisions import Conflict, Outcome, decide, lock_for_update
from dossiers.models import (
    Dossier,
    DossierRevision,
    PendingEdit,
    Section,
    SectionRevision,
)
from dossiers.permissions import check_can_review_pending_edit
from dossiers.rendering import render_section
from dossiers.services.sections import (
    REVISION_SUMMARY_MAX_LENGTH,
    SECTION_TEXT_FIELDS,
    _locked_section,
    _new_revision,
    _notify_watchers,
    normalize_text,
    section_snapshot,
    validate_section_input,
)
from sources.citations import check_citations


@dataclass(frozen=True)
class ReviewResult:
    """An acceptance: the revision it made, or the conflict that stopped it."""

    pending: PendingEdit
    revision: SectionRevision | DossierRevision | None = None
    conflict: Conflict | None = None
    outcome: Outcome = Outcome.SAVED


def _notify_author(pending: PendingEdit, *, actor, message: str, **params) -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.services import notify

    notify(
        [pending.author],
        actor=actor,
        verb="moderation",
        url=pending.get_absolute_url(),
        message=message,
        params={
            "section": pending.section.title if pending.section else "",
            "dossier": pending.dossier.title,
            "reviewer": actor.public_name,
            **params,
        },
    )


def _where(pending: PendingEdit) -> str:
    what = pending.section.title if pending.section else _("description")
    return f"{pending.dossier.title}: {what} (#{pending.pk})"


def submit_section_edit(
    locked: Section,
    *,
    author,
    title: str,
    text: str,
    summary: str,
    base_revision: SectionRevision,
) -> PendingEdit:
    """Keep an edit of a locked section for review (inside `save_section`'s
    transaction). The author's earlier pending edit of the section, if any,
    is replaced: the reviewers see the latest."""
    PendingEdit.objects.filter(
        section=locked, author=author, status=PendingEdit.Status.PENDING
    ).update(status=PendingEdit.Status.SUPERSEDED)
    pending = PendingEdit.objects.create(
        dossier_id=locked.dossier_id,
        section=locked,
        author=author,
        title=title,
        text=text,
        summary=summary.strip()[:REVISION_SUMMARY_MAX_LENGTH],
        base_revision=base_revision,
    )
    locked.has_pending_edit = True
    return pending


# The other fields of a description, kept as strings in `values` (JSON).
DESCRIPTION_VALUES = ("kind", "status", "place", "latitude", "longitude")


def submit_description_edit(
    locked: Dossier,
    *,
    author,
    values: dict,
    base_revision: DossierRevision | None,
    summary: str,
) -> PendingEdit:
    """Keep a validated description edit of a locked dossier for review
    (inside `update_dossier`'s transaction), replacing the author's earlier
    pending description edit of the dossier."""
    PendingEdit.objects.filter(
        dossier=locked,
        author=author,
        target=PendingEdit.Target.DESCRIPTION,
        status=PendingEdit.Status.PENDING,
    ).update(status=PendingEdit.Status.SUPERSEDED)
    return PendingEdit.objects.create(
        dossier=locked,
        target=PendingEdit.Target.DESCRIPTION,
        author=author,
        title=values["title"],
        text=values["summary"],
        values={
            name: None if values[name] is None else str(values[name])
            for name in DESCRIPTION_VALUES
        },
        summary=summary.strip()[:REVISION_SUMMARY_MAX_LENGTH],
        base_description=base_revision,
    )


def description_values(pending: PendingEdit) -> dict:
    """The description a pending description edit proposes, as
    `update_dossier` takes it."""
    values = {name: pending.values.get(name) for name in DESCRIPTION_VALUES}
    for name in ("latitude", "longitude"):
        if values[name] is not None:
            values[name] = Decimal(values[name])
    values["place"] = values["place"] or ""
    return {"title": pending.title, "summary": pending.text, **values}


def _locked_pending(pending: PendingEdit) -> PendingEdit:
    locked = (
        PendingEdit.objects.select_for_update(no_key=True, of=("self",))
        .select_related("dossier", "section", "author")
        .get(pk=pending.pk)
    )
    if not locked.is_pending:
        raise ValidationError(
            _("This edit was already reviewed (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _close(pending: PendingEdit, *, reviewer, status, reason="", revision=None):
    pending.status = status
    pending.reviewed_by = reviewer
    pending.reviewed_at = timezone.now()
    pending.review_reason = reason
    pending.revision = revision
    pending.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_reason",
            "revision",
        ]
    )


@transaction.atomic
def accept_pending_edit(
    pending: PendingEdit,
    *,
    reviewer,
    title: str | None = None,
    text: str | None = None,
    base_revision: SectionRevision | DossierRevision | None = None,
) -> ReviewResult:
    """Publish a pending edit, as it is or as the reviewer edited it.

    `title`/`text`: the reviewer's version (edit then accept; of a
    description, its title and summary); with `base_revision`, the revision
    that version started from (after a conflict, the current one), else the
    author's base.
    """
    check_can_review_pending_edit(reviewer, pending)
    if pending.is_description:
        return _accept_description(
            pending, reviewer=reviewer, title=title, text=text, base=base_revision
        )
    # Lock order as every save: the dossier and the section, then the pending
    # edit (a save by its author replaces it under the same section lock).
    section = _locked_section(pending.section)
    pending = _locked_pending(pending)
    mine = {
        "title": (pending.title if title is None else title).strip(),
        "text": pending.text if text is None else normalize_text(text),
    }
    validate_section_input(**mine)
    check_citations(mine["text"])
    if section.removed:
        raise ValidationError(
            _("The section was removed since: this edit can only be refused.")
        )
    base = base_revision or pending.base_revision
    if base is None or base.section_id != section.pk:
        raise ValidationError(
            _("This edit does not start from a revision of this section.")
        )
    current = section.current_revision
    decision = decide(
        base=section_snapshot(base),
        current=section_snapshot(current),
        mine=mine,
        text_fields=SECTION_TEXT_FIELDS,
    )
    if decision.conflict:
        return ReviewResult(
            pending, conflict=decision.conflict, outcome=Outcome.CONFLICT
        )
    revision = current
    if decision.writes:
        if decision.outcome is Outcome.MERGED:
            validate_section_input(**decision.values)
        revision = _new_revision(
            section,
            action=(
                SectionRevision.Action.MERGE
                if decision.outcome is Outcome.MERGED
                else SectionRevision.Action.EDIT
            ),
            # The author wrote it; the pending edit records who accepted it.
            editor=pending.author,
            title=decision.values["title"],
            text=decision.values["text"],
            html=render_section(decision.values["text"]),
            summary=pending.summary,
            base_revision=base,
        )
        _notify_watchers(
            section,
            actor=pending.author,
            message=gettext_noop("%(editor)s edited “%(title)s” in %(dossier)s."),
            title=revision.title,
        )
    _close(
        pending,
        reviewer=reviewer,
        status=PendingEdit.Status.ACCEPTED,
        revision=revision,
    )
    edited = mine["title"] != pending.title or mine["text"] != pending.text
    _tell_accepted(pending, reviewer=reviewer, edited=edited)
    return ReviewResult(pending, revision=revision, outcome=decision.outcome)


def _accept_description(pending, *, reviewer, title, text, base) -> ReviewResult:
    from dossiers.services.dossiers import _validate_dossier_input, save_description

    # Lock order as every description save: the dossier, then the pending edit.
    dossier = lock_for_update(pending.dossier, no_key=True)
    pending = _locked_pending(pending)
    values = description_values(pending)
    if title is not None:
        values["title"] = title.strip()
    if text is not None:
        values["summary"] = normalize_text(text).strip()
    _validate_dossier_input(
        **{name: values[name] for name in ("title", "kind", "summary", "status")},
        latitude=values["latitude"],
        longitude=values["longitude"],
    )
    base = base or pending.base_description
    if base is None or base.dossier_id != dossier.pk:
        raise ValidationError(
            _("This edit does not start from a revision of this description.")
        )
    saved = save_description(
        dossier,
        editor=pending.author,
        values=values,
        base_number=base.number,
        edit_summary=pending.summary,
    )
    if saved.conflict:
        return ReviewResult(pending, conflict=saved.conflict, outcome=saved.outcome)
    pending.description_revision = saved.revision
    pending.save(update_fields=["description_revision"])
    _close(pending, reviewer=reviewer, status=PendingEdit.Status.ACCEPTED)
    edited = values["title"] != pending.title or values["summary"] != pending.text
    _tell_accepted(pending, reviewer=reviewer, edited=edited)
    return ReviewResult(pending, revision=saved.revision, outcome=saved.outcome)


def _tell_accepted(pending: PendingEdit, *, reviewer, edited: bool) -> None:
    log_moderation(
        reviewer,
        "accept_edit",
        account=pending.author,
        details=_where(pending)
        + (" — " + _("edited before acceptance") if edited else ""),
    )
    if pending.is_description:
        message = (
            gettext_noop(
                "%(reviewer)s accepted your edit of the description of "
                "%(dossier)s, with changes."
            )
            if edited
            else gettext_noop(
                "%(reviewer)s accepted your edit of the description of %(dossier)s."
            )
        )
    else:
        message = (
            gettext_noop(
                "%(reviewer)s accepted your edit of “%(section)s” in %(dossier)s, "
                "with changes."
            )
            if edited
            else gettext_noop(
                "%(reviewer)s accepted your edit of “%(section)s” in %(dossier)s."
            )
        )
    _notify_author(pending, actor=reviewer, message=message)
    refresh_trust(pending.author)


def clean_review_reason(reason: str) -> str:
    """A refusal's reason: the author reads it, and the log keeps it."""
    return clean_reason(
        reason, required=_("Say why: the author is told, and it goes to the log.")
    )


@transaction.atomic
def refuse_pending_edit(pending: PendingEdit, *, reviewer, reason: str) -> PendingEdit:
    """Close a pending edit without publishing it; its author is told why."""
    check_can_review_pending_edit(reviewer, pending)
    reason = clean_review_reason(reason)
    pending = _locked_pending(pending)
    _close(pending, reviewer=reviewer, status=PendingEdit.Status.REFUSED, reason=reason)
    log_moderation(
        reviewer,
        "refuse_edit",
        account=pending.author,
        details=f"{_where(pending)}: {reason}",
    )
    _notify_author(
        pending,
        actor=reviewer,
        message=(
            gettext_noop(
                "%(reviewer)s did not accept your edit of the description of "
                "%(dossier)s: %(reason)s"
            )
            if pending.is_description
            else gettext_noop(
                "%(reviewer)s did not accept your edit of “%(section)s” in "
                "%(dossier)s: %(reason)s"
            )
        ),
        reason=reason,
    )
    return pending


def refuse_pending_edits_of_removed(section: Section, *, by) -> int:
    """A section removed: its pending edits are refused at once, their
    authors told why (inside `remove_section`'s transaction), so nothing is
    left for a reviewer to clean up. Their text stays readable."""
    reason = _("The section was removed.")
    pending_edits = list(
        PendingEdit.objects.filter(
            section=section, status=PendingEdit.Status.PENDING
        ).select_related("dossier", "section", "author")
    )
    for pending in pending_edits:
        _close(pending, reviewer=by, status=PendingEdit.Status.REFUSED, reason=reason)
        log_moderation(
            by,
            "refuse_edit",
            account=pending.author,
            details=f"{_where(pending)}: {reason}",
        )
        _notify_author(
            pending,
            actor=by,
            message=gettext_noop(
                "Your edit of “%(section)s” in %(dossier)s was not published: "
                "the section was removed."
            ),
        )
    return len(pending_edits)
