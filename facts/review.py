"""Pending fact edits: a fact added or edited by someone whose edits do not
go live yet (accounts.trust) is kept as a PendingFactEdit by the fact
services (facts/services.py) until a moderator or a trusted contributor
decides, like the pending section edits (dossiers/services/review.py).

- `accept_fact_edit` applies the kept values through the fact services, as
  the author, from the version the author started from: a newer edit of the
  fact meanwhile raises FactConflict (the review page answers 409 with both
  versions) and nothing is saved.
- `refuse_fact_edit` closes it with a reason.

The author is notified of each decision, and each goes to the moderation log.
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
from carre.moderation_log import log_moderation
from dossiers.permissions import check_can_review_pending_edit
from dossiers.services.review import clean_review_reason
from facts import services
from facts.models import Fact, PendingFactEdit


@dataclass(frozen=True)
class ValueRow:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def current_fact(pending: PendingFactEdit) -> Fact | None:
    """The fact a pending edit changes (None for an addition, or if gone)."""
    if pending.fact_id is None:
        return None
    model = services.fact_model(pending.kind)
    return model.objects.select_related("dossier").filter(pk=pending.fact_id).first()


def _shown(fact: Fact | None, name: str) -> str:
    if fact is None:
        return ""
    field = fact._meta.get_field(name)
    if field.is_relation:
        related = getattr(fact, field.name, None)
        return "" if related is None else str(related)
    value = getattr(fact, field.attname)
    if field.choices:
        return str(getattr(fact, f"get_{field.name}_display")())
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def value_rows(pending: PendingFactEdit, fact: Fact | None = None) -> list[ValueRow]:
    """Field by field: the fact as it is now beside what the edit proposes."""
    fact = fact if fact is not None else current_fact(pending)
    model = services.fact_model(pending.kind)
    proposed = model(dossier_id=pending.dossier_id)
    if fact is not None:
        services._assign(proposed, services.snapshot(fact))
    services._assign(proposed, pending.values)
    rows = []
    for name in pending.values:
        field = model._meta.get_field(name)
        rows.append(
            ValueRow(
                label=str(field.verbose_name).capitalize(),
                before=_shown(fact, field.name),
                after=_shown(proposed, field.name),
            )
        )
    return rows


def _locked(pending: PendingFactEdit) -> PendingFactEdit:
    locked = (
        PendingFactEdit.objects.select_for_update(of=("self",))
        .select_related("dossier", "author")
        .get(pk=pending.pk)
    )
    if not locked.is_pending:
        raise ValidationError(
            _("This edit was already reviewed (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _close(pending, *, reviewer, status, reason="") -> None:
    pending.status = status
    pending.reviewed_by = reviewer
    pending.reviewed_at = timezone.now()
    pending.review_reason = reason
    pending.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"]
    )


def _tell(pending, *, reviewer, action, message, details, **params) -> None:
    where = f"{pending.dossier.title}: {pending.kind} (#{pending.pk})"
    log_moderation(
        reviewer,
        action,
        account=pending.author,
        details=f"{where}{details}",
    )
    if apps.is_installed("notifications"):
        from notifications.services import notify

        notify(
            [pending.author],
            actor=reviewer,
            verb="moderation",
            url=pending.get_absolute_url(),
            message=message,
            params={
                "dossier": pending.dossier.title,
                "reviewer": reviewer.public_name,
                **params,
            },
        )


@transaction.atomic
def accept_fact_edit(pending: PendingFactEdit, *, reviewer) -> Fact:
    """Publish a pending fact edit as its author's. Raises FactConflict when
    the fact changed since the author started (nothing saved then)."""
    check_can_review_pending_edit(reviewer, pending)
    pending = _locked(pending)
    values = dict(pending.values)
    if pending.fact_id is None:
        fact = services.add_fact(
            pending.kind,
            dossier=pending.dossier,
            by=pending.author,
            values=values,
            citations=pending.citations,
            summary=pending.summary,
            reviewed=True,
        )
    else:
        fact = current_fact(pending)
        if fact is None or fact.removed:
            raise ValidationError(
                _("The fact was removed since: this edit can only be refused.")
            )
        fact = services.edit_fact(
            fact,
            by=pending.author,
            values=values,
            base_version=pending.base_version,
            citations=pending.citations,
            summary=pending.summary,
            action=pending.action,
            merge=False,
            reviewed=True,
        )
    _close(pending, reviewer=reviewer, status=PendingFactEdit.Status.ACCEPTED)
    _tell(
        pending,
        reviewer=reviewer,
        action="accept_edit",
        message=gettext_noop("%(reviewer)s accepted your fact edit in %(dossier)s."),
        details="",
    )
    refresh_trust(pending.author)
    return fact


@transaction.atomic
def refuse_fact_edit(pending: PendingFactEdit, *, reviewer, reason: str):
    """Close a pending fact edit without publishing it; its author is told why."""
    check_can_review_pending_edit(reviewer, pending)
    reason = clean_review_reason(reason)
    pending = _locked(pending)
    _close(
        pending, reviewer=reviewer, status=PendingFactEdit.Status.REFUSED, reason=reason
    )
    _tell(
        pending,
        reviewer=reviewer,
        action="refuse_edit",
        message=gettext_noop(
            "%(reviewer)s did not accept your fact edit in %(dossier)s: %(reason)s"
        ),
        details=f": {reason}",
        reason=reason,
    )
    return pending
