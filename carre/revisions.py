"""The revision kernel: how a post, a section, a fact or a dossier's
description takes a new revision.

Every editable thing in Carré is saved the same way (Wagtail's
`save_revision`, Kitsune's append-only revisions):

1. the service locks the row (`lock_for_update`), so the saves of one object
   are decided one at a time, in the database;
2. it hands `decide` the revision the editor started from (`base`), the
   current revision and the editor's values, as `Snapshot`s;
3. `decide` compares base and current by revision number, never by time, and
   answers with one `Decision`: saved, merged, unchanged, or conflict with a
   `Conflict` (their values, the editor's, a merged draft whose overlapping
   passages are marked, the current revision number);
4. the service appends a revision (rows are never updated, a revert is a new
   revision), or keeps a conflict draft (sections), or refuses with
   `EditConflict` (posts, facts, descriptions).

A three-way merge takes each field from the side that changed it: text
fields line by line (`carre.merge.merge_texts`), other fields as whole values
(`carre.merge.merge_values`). `decide` and `three_way` are pure: no database,
no clock; `lock_for_update` is the only part that touches the database.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carre.merge import merge_texts, merge_values

Values = Mapping[str, Any]


class Outcome(StrEnum):
    SAVED = "saved"  # the edit started from the current revision
    MERGED = "merged"  # from an older one, and did not overlap the changes since
    UNCHANGED = "unchanged"  # the current revision already holds these values
    CONFLICT = "conflict"  # from an older one, and overlaps the changes since


@dataclass(frozen=True)
class Snapshot:
    """A revision as the kernel sees it: its number and its field values."""

    number: int
    values: Values


@dataclass(frozen=True)
class Conflict:
    """Both sides of an edit made over a newer revision, and their merge.

    `merged` takes each field from the side that changed it; where both
    changed a text field, the passages are marked (<<<<<<< … >>>>>>>) and
    counted in `passages`; where both changed another field, it holds the
    editor's value. `fields` names the fields both sides changed differently:
    empty when the edits do not overlap (`clean`).
    """

    theirs: Values
    mine: Values
    merged: Values
    current_number: int
    fields: tuple[str, ...] = ()
    passages: int = 0

    @property
    def clean(self) -> bool:
        return not self.fields


@dataclass(frozen=True)
class Decision:
    """What becomes of an edit: the values to store, or the conflict."""

    outcome: Outcome
    # Saved/merged: the values of the new revision; unchanged: the current
    # values; conflict: the merged draft (also in `conflict.merged`).
    values: Values
    conflict: Conflict | None = None

    @property
    def writes(self) -> bool:
        """True when the service appends a revision with `values`."""
        return self.outcome in (Outcome.SAVED, Outcome.MERGED)


class EditConflict(ValidationError):
    """An edit refused because someone else changed the same thing meanwhile.

    Carries the `Conflict`, so that the page shows both versions and the next
    save starts from `conflict.current_number`.
    """

    default_message = gettext_lazy(
        "Someone else changed this while you were editing it. Your text is kept: "
        "compare it with the version saved meanwhile, then save again."
    )

    def __init__(self, conflict: Conflict, message=None, code: str = "stale"):
        super().__init__(message or self.default_message, code=code)
        self.conflict = conflict

    @property
    def current_number(self) -> int:
        return self.conflict.current_number


def default_labels(current_number: int) -> tuple[str, str]:
    """How the conflict markers name the two sides, in the editor's language."""
    return _("your version"), _("version %(n)d") % {"n": current_number}


def _merged_value(base, mine, theirs):
    """(value,) or None on a conflict; the 1-tuples tell a merged None apart."""
    return merge_values((base,), (mine,), (theirs,))


_MISSING = object()  # a field of a base revision that is not known


def three_way(
    *,
    base: Snapshot | None,
    current: Snapshot,
    mine: Values,
    text_fields: Collection[str] = (),
    labels: tuple[str, str] | None = None,
) -> Conflict:
    """Merge the editor's values (`mine`, started from `base`) with `current`.

    `mine` holds complete values (see `decide`). Without a base (unknown or
    gone), every field both sides hold differently overlaps.
    """
    labels = labels or default_labels(current.number)
    base_values = base.values if base is not None else {}
    merged: dict[str, Any] = {}
    overlapping: list[str] = []
    passages = 0
    for name, theirs in current.values.items():
        ours, before = mine[name], base_values.get(name, _MISSING)
        if name in text_fields:
            result = merge_texts(
                "" if before is _MISSING else before, ours, theirs, labels=labels
            )
            merged[name] = result.text
            passages += result.conflicts
            if not result.clean:
                overlapping.append(name)
            continue
        value = _merged_value(before, ours, theirs)
        if value is None:
            merged[name] = ours
            overlapping.append(name)
        else:
            merged[name] = value[0]
    return Conflict(
        theirs=dict(current.values),
        mine=dict(mine),
        merged=merged,
        current_number=current.number,
        fields=tuple(overlapping),
        passages=passages,
    )


def decide(
    *,
    base: Snapshot | None,
    current: Snapshot,
    mine: Values,
    text_fields: Collection[str] = (),
    merge: bool = True,
    labels: tuple[str, str] | None = None,
) -> Decision:
    """Decide an edit started from `base` (None: unknown) over `current`.

    `mine` may leave fields out: those keep the value the editor started
    from. The rules, in order:
    - the editor's values equal the current ones: unchanged;
    - the base is the current revision (same number), or a revision with the
      same values (only a move, a lock… came in between): saved;
    - otherwise a three-way merge: merged when no field overlaps (or when the
      merge gives back the current values: unchanged), a conflict when one
      does. With `merge=False` (a service that refuses stale edits) a
      change over a newer revision is always a conflict.
    """
    unknown = set(mine) - set(current.values)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    started_from = base.values if base is not None else current.values
    mine = {
        name: mine[name] if name in mine else started_from.get(name, value)
        for name, value in current.values.items()
    }
    if mine == dict(current.values):
        return Decision(Outcome.UNCHANGED, dict(current.values))
    if base is not None and (
        base.number == current.number or dict(base.values) == dict(current.values)
    ):
        return Decision(Outcome.SAVED, mine)
    conflict = three_way(
        base=base, current=current, mine=mine, text_fields=text_fields, labels=labels
    )
    if not conflict.clean or not merge:
        return Decision(Outcome.CONFLICT, conflict.merged, conflict)
    if conflict.merged == dict(current.values):
        return Decision(Outcome.UNCHANGED, dict(current.values))
    return Decision(Outcome.MERGED, conflict.merged)


def lock_for_update[M: models.Model](
    obj: M, *, queryset: models.QuerySet[M] | None = None, no_key: bool = False
) -> M:
    """`obj`'s row, read again and locked until the end of the transaction.

    `queryset` chooses what is read with it (`select_related`: the joined
    rows are locked too). `no_key`: FOR NO KEY UPDATE, which lets other
    transactions insert rows referencing this one meanwhile. A row deleted
    since the editor loaded it is refused with a clear message.
    """
    if queryset is None:
        queryset = type(obj)._default_manager.all()
    try:
        return queryset.select_for_update(no_key=no_key).get(pk=obj.pk)
    except ObjectDoesNotExist:
        raise ValidationError(
            _(
                "This was deleted while you were editing it: your changes cannot "
                "be saved."
            ),
            code="deleted",
        ) from None
