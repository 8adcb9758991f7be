"""Every change of a fact: add, edit, revert, remove, restore, lock.

Each function checks permissions, runs in one transaction, bumps the fact's
`version` and appends a FactRevision holding all its values. An edit carries
the version the editor started from; the row is locked (select_for_update)
and the revision kernel (`carre.revisions`) decides: a concurrent edit of
other fields is merged, one of the same fields is refused (FactConflict),
never silently overwritten.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.trust import can_publish_dossier_edits
from carre.ratelimit import FACT_EDITS, HELD_FACT_EDITS, check_rate_limit
from carre.revisions import EditConflict, Snapshot, decide, lock_for_update
from facts import permissions
from facts.models import (
    Actor,
    Deployment,
    Event,
    Fact,
    FactRevision,
    Figure,
    PendingFactEdit,
)

FACT_MODELS: dict[str, type[Fact]] = {
    model.kind: model for model in (Actor, Figure, Event, Deployment)
}

# A citation as the services take it: (source, locator).
CitationInput = tuple[object, str]


class FactConflict(EditConflict):
    """The fact changed since the editor opened it (see carre.revisions)."""

    default_message = gettext_lazy(
        "Someone else changed this fact while you were editing it. Compare "
        "the two versions below and correct the form if needed: saving "
        "again will replace their version with what the form holds."
    )

    @property
    def current_version(self) -> int:
        return self.conflict.current_number


def fact_model(kind: str) -> type[Fact]:
    try:
        return FACT_MODELS[kind]
    except KeyError:
        raise LookupError(kind) from None


# --- values <-> JSON ----------------------------------------------------------


def _to_json(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def snapshot(fact: Fact) -> dict:
    """All the fact's values, as stored in a revision."""
    values = {}
    for name in fact.revision_fields:
        if name == "citations":
            values[name] = [
                {"source_id": citation.source_id, "locator": citation.locator}
                for citation in fact.citations.all()
            ]
        else:
            values[name] = _to_json(getattr(fact, name))
    return values


def _assign(fact: Fact, values: dict) -> None:
    """Set the fields named in values (JSON or Python values) on the fact."""
    for name, value in values.items():
        if name == "citations" or name not in fact.revision_fields:
            continue
        field = fact._meta.get_field(name)
        if field.is_relation:
            # A revision may point to a source or actor that no longer exists.
            if (
                value is not None
                and not field.related_model._default_manager.filter(pk=value).exists()
            ):
                value = None
            setattr(fact, field.attname, value)
        else:
            setattr(fact, field.attname, field.to_python(value))


def _normalise_values(fact: Fact, values: dict) -> dict:
    """Accept model instances for relations (vendor=actor) as well as ids."""
    normalised = {}
    for name, value in values.items():
        if name in ("vendor", "attributed_to", "source"):
            normalised[f"{name}_id"] = value.pk if value is not None else None
        else:
            normalised[name] = value
    unknown = set(normalised) - set(fact.revision_fields)
    if unknown:
        raise TypeError(f"Unknown {fact.kind} fields: {', '.join(sorted(unknown))}")
    return normalised


def _citation_rows(citations: Iterable) -> list[dict]:
    rows = []
    for citation in citations:
        if isinstance(citation, dict):
            source_id, locator = citation["source_id"], citation.get("locator", "")
        else:
            source, locator = citation
            source_id = getattr(source, "pk", source)
        if source_id is not None:
            rows.append({"source_id": source_id, "locator": locator or ""})
    return rows


def _stored_citation_rows(rows: list[dict]) -> list[dict]:
    """The rows as they are stored (and snapshotted): existing sources only,
    locators cut to 100 characters, no duplicate."""
    from sources.models import Source

    existing = set(
        Source.objects.filter(pk__in=[row["source_id"] for row in rows]).values_list(
            "pk", flat=True
        )
    )
    stored = []
    for row in rows:
        key = {"source_id": row["source_id"], "locator": row["locator"][:100]}
        if row["source_id"] in existing and key not in stored:
            stored.append(key)
    return stored


def _set_citations(fact: Fact, rows: list[dict]) -> None:
    """Replace the fact's citations (sources.Citation rows) by these."""
    from sources.models import Citation

    content_type = ContentType.objects.get_for_model(fact)
    Citation.objects.filter(content_type=content_type, object_id=fact.pk).delete()
    Citation.objects.bulk_create(
        Citation(
            content_type=content_type,
            object_id=fact.pk,
            source_id=row["source_id"],
            locator=row["locator"],
            position=position,
        )
        for position, row in enumerate(_stored_citation_rows(rows))
    )


def _sync_citations(fact: Fact, citations: Iterable | None) -> None:
    if isinstance(fact, Figure):
        # A figure cites one source; its citation row mirrors the fields.
        rows = [{"source_id": fact.source_id, "locator": fact.locator}]
        _set_citations(fact, [row for row in rows if row["source_id"]])
    elif citations is not None and "citations" in fact.revision_fields:
        _set_citations(fact, _citation_rows(citations))


def _validate(fact: Fact) -> None:
    """Model validation plus: related actors belong to the same dossier."""
    fact.full_clean(exclude=["dossier"])
    for name in ("attributed_to", "vendor"):
        if name in (f.name for f in fact._meta.fields):
            actor = getattr(fact, name)
            if actor is not None and actor.dossier_id != fact.dossier_id:
                raise ValidationError(
                    {name: _("Choose an actor of this dossier.")}, code="invalid"
                )
            if name == "vendor" and actor is not None and actor.removed:
                raise ValidationError({name: _("This actor was removed.")})


def _record(
    fact: Fact, *, by, action: str, summary: str, values: dict | None = None
) -> FactRevision:
    revision = FactRevision.objects.create(
        content_type=ContentType.objects.get_for_model(fact),
        object_id=fact.pk,
        dossier_id=fact.dossier_id,
        number=fact.version,
        action=action,
        values=values if values is not None else snapshot(fact),
        editor=by,
        summary=summary[:300],
    )
    _touch_dossier(fact, by=by)
    return revision


def _touch_dossier(fact: Fact, *, by) -> None:
    from dossiers.models import Dossier

    Dossier.objects.filter(pk=fact.dossier_id).update(
        updated_at=timezone.now(), last_editor=by
    )


def _lock_row(fact: Fact) -> Fact:
    return lock_for_update(fact, queryset=type(fact).objects.select_related("dossier"))


def _text_fields(fact: Fact) -> frozenset[str]:
    """The fact's free-text fields, merged line by line; the others are
    merged as whole values."""
    return frozenset(
        name
        for name in fact.revision_fields
        if name != "citations"
        and isinstance(fact._meta.get_field(name), models.TextField)
    )


def _fact_snapshot(fact: Fact, number: int, current: Snapshot) -> Snapshot | None:
    """Revision `number` of the fact, as the revision kernel compares it."""
    if number == current.number:
        return current
    values = (
        fact_revisions(fact).filter(number=number).values_list("values", flat=True)
    ).first()
    return None if values is None else Snapshot(number, values)


def _edited_values(fact: Fact, values: dict, citations: Iterable | None) -> dict:
    """The values given by the editor, as a revision stores them."""
    given = _normalise_values(fact, values)
    probe = type(fact)(dossier_id=fact.dossier_id)
    _assign(probe, given)
    edited = {name: _to_json(getattr(probe, name)) for name in given}
    if citations is not None and "citations" in fact.revision_fields:
        edited["citations"] = _stored_citation_rows(_citation_rows(citations))
    return edited


def _keep_for_review(
    kind: str,
    *,
    dossier,
    by,
    fact: Fact | None,
    values: dict,
    base_version: int,
    citations,
    summary: str,
    action: str = FactRevision.Action.EDIT,
) -> PendingFactEdit:
    """An edit by someone whose edits do not go live yet: validated like a
    save, then kept for review (facts/review.py) instead of published. The
    author's earlier pending edit of the same fact is replaced."""
    probe = fact_model(kind)(dossier=dossier) if fact is None else fact
    edited = _edited_values(probe, values, citations)
    cited = edited.pop("citations", None)
    check = type(probe)(dossier_id=dossier.pk)
    if fact is not None:
        _assign(check, snapshot(fact))
    _assign(check, edited)
    _validate(check)
    if fact is not None:
        PendingFactEdit.objects.filter(
            kind=kind,
            fact_id=fact.pk,
            author=by,
            status=PendingFactEdit.Status.PENDING,
        ).update(status=PendingFactEdit.Status.SUPERSEDED)
    return PendingFactEdit.objects.create(
        dossier=dossier,
        kind=kind,
        fact_id=fact.pk if fact is not None else None,
        values=edited,
        citations=cited,
        base_version=base_version,
        summary=summary.strip()[:300],
        action=action,
        author=by,
    )


def _check_rate_and_hold(by, reviewed: bool) -> bool:
    """Whether `by`'s change is kept for review (their edits do not go live
    yet), after the rate limit that applies: published changes count the
    author's revisions, held ones their pending edits. A change a reviewer
    accepts (`reviewed`) was counted when it was sent."""
    if reviewed:
        return False
    held = not can_publish_dossier_edits(by)
    check_rate_limit(by, HELD_FACT_EDITS if held else FACT_EDITS)
    return held


# --- the state changes -----------------------------------------------------------


@transaction.atomic
def add_fact(
    kind: str,
    *,
    dossier,
    by,
    values: dict,
    citations: Iterable | None = None,
    summary: str = "",
    reviewed: bool = False,
) -> Fact | PendingFactEdit:
    """Create a fact of the given kind in the dossier, with its first revision.

    By someone whose edits do not go live yet, the addition is kept for
    review instead: a PendingFactEdit is returned (`reviewed`: accepted by a
    reviewer, facts/review.py)."""
    permissions.check_can_add_fact(by, dossier)
    if _check_rate_and_hold(by, reviewed):
        return _keep_for_review(
            kind,
            dossier=dossier,
            by=by,
            fact=None,
            values=values,
            base_version=0,
            citations=citations,
            summary=summary,
        )
    fact = fact_model(kind)(dossier=dossier)
    _assign(fact, _normalise_values(fact, values))
    _validate(fact)
    fact.version = 1
    fact.created_at = fact.updated_at = timezone.now()
    fact.save()
    _sync_citations(fact, citations)
    _record(fact, by=by, action=FactRevision.Action.CREATE, summary=summary)
    return fact


@transaction.atomic
def edit_fact(
    fact: Fact,
    *,
    by,
    values: dict,
    base_version: int,
    citations: Iterable | None = None,
    summary: str = "",
    action: str = FactRevision.Action.EDIT,
    merge: bool = True,
    reviewed: bool = False,
) -> Fact | PendingFactEdit:
    """Save new values of a fact edited from version `base_version`.

    By someone whose edits do not go live yet, the edit is kept for review
    instead: a PendingFactEdit is returned (`reviewed`: accepted by a
    reviewer, facts/review.py).

    Values not given keep the value the editor started from. Decided by the
    revision kernel under the row lock: over a newer version, the edit is
    merged field by field when the two edits change different fields (free
    text line by line), and refused with FactConflict when they overlap;
    with `merge=False`, any edit over a newer version is refused.
    """
    fact = _lock_row(fact)
    permissions.check_can_edit_fact(by, fact)
    if _check_rate_and_hold(by, reviewed):
        return _keep_for_review(
            fact.kind,
            dossier=fact.dossier,
            by=by,
            fact=fact,
            values=values,
            base_version=base_version,
            citations=citations,
            summary=summary,
            action=action,
        )
    current = Snapshot(fact.version, snapshot(fact))
    decision = decide(
        base=_fact_snapshot(fact, base_version, current),
        current=current,
        mine=_edited_values(fact, values, citations),
        text_fields=_text_fields(fact),
        merge=merge,
    )
    if decision.conflict:
        raise FactConflict(decision.conflict)
    if not decision.writes:
        return fact
    _assign(fact, decision.values)
    _validate(fact)
    fact.version += 1
    fact.updated_at = timezone.now()
    fact.save()
    cited = decision.values.get("citations")
    _sync_citations(fact, cited if cited != current.values.get("citations") else None)
    _record(fact, by=by, action=action, summary=summary)
    return fact


@transaction.atomic
def revert_fact(fact: Fact, *, by, revision: FactRevision, summary: str = "") -> Fact:
    """Restore the values of an earlier revision, as a new revision."""
    if (revision.content_type_id, revision.object_id) != (
        ContentType.objects.get_for_model(fact).pk,
        fact.pk,
    ):
        raise ValidationError(_("This revision belongs to another fact."))
    current = _lock_row(fact)
    values = dict(revision.values)
    citations = values.pop("citations", None)
    return edit_fact(
        current,
        by=by,
        values=values,
        base_version=current.version,
        citations=citations,
        summary=summary
        or _("Reverted to revision %(number)s") % {"number": revision.number},
        action=FactRevision.Action.REVERT,
    )


def _flag(fact: Fact, *, by, field: str, value: bool, action: str, summary: str):
    fact = _lock_row(fact)
    if getattr(fact, field) == value:
        return fact
    setattr(fact, field, value)
    fact.version += 1
    fact.updated_at = timezone.now()
    fact.save(update_fields=[field, "version", "updated_at"])
    _record(fact, by=by, action=action, summary=summary)
    return fact


@transaction.atomic
def remove_fact(fact: Fact, *, by, summary: str = "") -> Fact:
    """Hide a fact from the dossier; its history stays, moderators restore it.
    Refused to someone whose edits do not go live yet (accounts.trust)."""
    permissions.check_can_remove_fact(by, _lock_row(fact))
    if not can_publish_dossier_edits(by):
        raise PermissionDenied(
            _(
                "Your account is new: your fact edits are reviewed before they "
                "appear, and removing a fact opens once they no longer need review."
            )
        )
    return _flag(
        fact,
        by=by,
        field="removed",
        value=True,
        action=FactRevision.Action.REMOVE,
        summary=summary,
    )


@transaction.atomic
def restore_fact(fact: Fact, *, by, summary: str = "") -> Fact:
    permissions.check_can_moderate_fact(by, fact)
    return _flag(
        fact,
        by=by,
        field="removed",
        value=False,
        action=FactRevision.Action.RESTORE,
        summary=summary,
    )


@transaction.atomic
def set_fact_locked(fact: Fact, *, by, locked: bool, summary: str = "") -> Fact:
    """Lock a fact against contributors' edits, or unlock it (moderators)."""
    permissions.check_can_moderate_fact(by, fact)
    return _flag(
        fact,
        by=by,
        field="locked",
        value=locked,
        action=FactRevision.Action.LOCK if locked else FactRevision.Action.UNLOCK,
        summary=summary,
    )


def fact_revisions(fact: Fact) -> models.QuerySet:
    """The fact's revisions, newest first."""
    return FactRevision.objects.filter(
        content_type=ContentType.objects.get_for_model(fact), object_id=fact.pk
    ).for_history()


# --- named shortcuts (demo, tests, promote) ------------------------------------


def add_actor(
    *,
    dossier,
    by,
    name: str,
    kind: str = Actor.Kind.PERSON,
    role="",
    description="",
    summary="",
) -> Actor:
    return add_fact(
        "actor",
        dossier=dossier,
        by=by,
        values={
            "name": name,
            "actor_kind": kind,
            "role": role,
            "description": description,
        },
        summary=summary,
    )


def add_figure(
    *,
    dossier,
    by,
    subject: str,
    value,
    unit: str = "",
    as_of: datetime.date | None = None,
    as_of_precision: str = "day",
    attributed_to: Actor | None = None,
    source=None,
    locator: str = "",
    rank: str = Figure.Rank.NORMAL,
    rank_reason: str = "",
    note: str = "",
    summary: str = "",
) -> Figure:
    return add_fact(
        "figure",
        dossier=dossier,
        by=by,
        values={
            "subject": subject,
            "value": Decimal(str(value)),
            "unit": unit,
            "as_of": as_of,
            "as_of_precision": as_of_precision,
            "attributed_to": attributed_to,
            "source": source,
            "locator": locator,
            "rank": rank,
            "rank_reason": rank_reason,
            "note": note,
        },
        summary=summary,
    )


def add_event(
    *,
    dossier,
    by,
    date: datetime.date,
    title: str,
    precision: str = "day",
    end_date: datetime.date | None = None,
    end_precision: str = "day",
    description: str = "",
    citations: Iterable = (),
    summary: str = "",
) -> Event:
    return add_fact(
        "event",
        dossier=dossier,
        by=by,
        values={
            "date": date,
            "date_precision": precision,
            "end_date": end_date,
            "end_precision": end_precision,
            "title": title,
            "description": description,
        },
        citations=citations,
        summary=summary,
    )


def add_deployment(
    *,
    dossier,
    by,
    technology: str,
    status: str,
    name: str = "",
    vendor: Actor | None = None,
    start_date: datetime.date | None = None,
    start_precision: str = "day",
    end_date: datetime.date | None = None,
    end_precision: str = "day",
    quantity: int | None = None,
    cost=None,
    description: str = "",
    citations: Iterable = (),
    summary: str = "",
) -> Deployment:
    return add_fact(
        "deployment",
        dossier=dossier,
        by=by,
        values={
            "technology": technology,
            "status": status,
            "name": name,
            "vendor": vendor,
            "start_date": start_date,
            "start_precision": start_precision,
            "end_date": end_date,
            "end_precision": end_precision,
            "quantity": quantity,
            "cost": None if cost is None else Decimal(str(cost)),
            "description": description,
        },
        citations=citations,
        summary=summary,
    )
