"""The revision kernel's decision, without the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from carre.revisions import (
    Conflict,
    EditConflict,
    Outcome,
    Snapshot,
    decide,
    default_labels,
    three_way,
)

BASE_TEXT = "Intro.\n\nMilieu.\n\nFin."
BASE = Snapshot(1, {"title": "Reims", "text": BASE_TEXT})
TEXT = {"text"}


def test_decide_same_values_is_unchanged():
    decision = decide(base=BASE, current=BASE, mine=dict(BASE.values))
    assert decision.outcome is Outcome.UNCHANGED
    assert not decision.writes
    assert decision.conflict is None


def test_decide_same_values_as_a_newer_revision_is_unchanged():
    current = Snapshot(2, {"title": "Reims", "text": "Autre."})
    decision = decide(base=BASE, current=current, mine={"text": "Autre."})
    assert decision.outcome is Outcome.UNCHANGED
    assert decision.values == current.values


def test_decide_base_is_current_saves_the_editors_values():
    decision = decide(base=BASE, current=BASE, mine={"text": "Nouveau."})
    assert decision.outcome is Outcome.SAVED
    assert decision.writes
    assert decision.values == {"title": "Reims", "text": "Nouveau."}


def test_decide_compares_numbers_not_values_when_the_base_is_current():
    # Same number: the editor's values win even over the same values.
    decision = decide(base=BASE, current=BASE, mine={"text": BASE_TEXT + "\n\nAjout."})
    assert decision.outcome is Outcome.SAVED


def test_decide_newer_revision_with_the_same_values_saves():
    # Only a move or a lock came in between: nothing to merge.
    moved = Snapshot(2, dict(BASE.values))
    decision = decide(base=BASE, current=moved, mine={"title": "Reims (51)"})
    assert decision.outcome is Outcome.SAVED
    assert decision.values["title"] == "Reims (51)"


def test_decide_disjoint_edits_merge():
    current = Snapshot(2, {"title": "Reims", "text": "Intro.\n\nMilieu.\n\nFin revue."})
    decision = decide(
        base=BASE,
        current=current,
        mine={"title": "Reims, Marne", "text": "Intro modifiée.\n\nMilieu.\n\nFin."},
        text_fields=TEXT,
    )
    assert decision.outcome is Outcome.MERGED
    assert decision.values == {
        "title": "Reims, Marne",
        "text": "Intro modifiée.\n\nMilieu.\n\nFin revue.",
    }


def test_decide_overlapping_edits_conflict_with_both_sides_and_a_marked_draft():
    current = Snapshot(3, {"title": "Reims", "text": "Leur intro.\n\nMilieu.\n\nFin."})
    mine = {"title": "Reims", "text": "Mon intro.\n\nMilieu.\n\nFin."}
    with translation.override("fr"):
        decision = decide(base=BASE, current=current, mine=mine, text_fields=TEXT)
    assert decision.outcome is Outcome.CONFLICT
    assert not decision.writes
    conflict = decision.conflict
    assert conflict.theirs == current.values
    assert conflict.mine == mine
    assert conflict.current_number == 3
    assert conflict.fields == ("text",)
    assert conflict.passages == 1
    assert not conflict.clean
    assert conflict.merged["text"].splitlines()[:5] == [
        "<<<<<<< votre version",
        "Mon intro.",
        "=======",
        "Leur intro.",
        ">>>>>>> version 3",
    ]


def test_decide_two_different_values_of_one_field_conflict():
    current = Snapshot(2, {"title": "Reims (Marne)", "text": BASE_TEXT})
    decision = decide(base=BASE, current=current, mine={"title": "Reims, 51"})
    assert decision.outcome is Outcome.CONFLICT
    assert decision.conflict.fields == ("title",)
    # The draft keeps the editor's value where both changed a value.
    assert decision.conflict.merged["title"] == "Reims, 51"


def test_decide_a_merge_giving_back_the_current_values_is_unchanged():
    current = Snapshot(2, {"title": "Reims", "text": "Intro.\n\nMilieu.\n\nFin revue."})
    decision = decide(
        base=BASE,
        current=current,
        mine={"text": "Intro.\n\nMilieu.\n\nFin revue."},
        text_fields=TEXT,
    )
    assert decision.outcome is Outcome.UNCHANGED


def test_decide_refusing_services_get_a_conflict_even_for_disjoint_edits():
    current = Snapshot(2, {"title": "Reims (Marne)", "text": BASE_TEXT})
    decision = decide(
        base=BASE,
        current=current,
        mine={"text": BASE_TEXT + "\n\nAjout."},
        text_fields=TEXT,
        merge=False,
    )
    assert decision.outcome is Outcome.CONFLICT
    # Nothing overlaps: the draft is the clean merge of both edits.
    assert decision.conflict.clean
    assert decision.conflict.merged == {
        "title": "Reims (Marne)",
        "text": BASE_TEXT + "\n\nAjout.",
    }


def test_decide_unknown_base_cannot_merge():
    current = Snapshot(4, {"title": "Reims", "text": "Autre texte."})
    decision = decide(
        base=None, current=current, mine={"text": "Mon texte."}, text_fields=TEXT
    )
    assert decision.outcome is Outcome.CONFLICT
    assert decision.conflict.fields == ("text",)


def test_decide_fields_left_out_keep_the_value_the_editor_started_from():
    current = Snapshot(2, {"title": "Reims (Marne)", "text": BASE_TEXT})
    decision = decide(base=BASE, current=current, mine={"text": "Nouveau."})
    # The title was not part of this edit: theirs stays.
    assert decision.outcome is Outcome.MERGED
    assert decision.values == {"title": "Reims (Marne)", "text": "Nouveau."}


def test_decide_merges_none_values_apart_from_conflicts():
    base = Snapshot(1, {"end": Decimal("1"), "cost": None})
    current = Snapshot(2, {"end": None, "cost": None})
    decision = decide(base=base, current=current, mine={"cost": Decimal("60000")})
    assert decision.outcome is Outcome.MERGED
    assert decision.values == {"end": None, "cost": Decimal("60000")}


def test_decide_refuses_unknown_fields():
    with pytest.raises(ValueError, match="colour"):
        decide(base=BASE, current=BASE, mine={"colour": "red"})


def test_three_way_of_disjoint_edits_is_clean():
    current = Snapshot(2, {"title": "Reims", "text": "Intro.\n\nMilieu.\n\nFin revue."})
    conflict = three_way(
        base=BASE,
        current=current,
        mine={"title": "Reims", "text": "Avant.\n\n" + BASE_TEXT},
        text_fields=TEXT,
    )
    assert conflict.clean
    assert conflict.merged["text"] == "Avant.\n\nIntro.\n\nMilieu.\n\nFin revue."


def test_snapshot_conflict_and_decision_are_frozen():
    conflict = Conflict(theirs={}, mine={}, merged={}, current_number=1)
    with pytest.raises(AttributeError):
        conflict.current_number = 2
    with pytest.raises(AttributeError):
        BASE.number = 3


def test_edit_conflict_is_a_validation_error_carrying_the_conflict():
    conflict = Conflict(theirs={}, mine={}, merged={}, current_number=7)
    error = EditConflict(conflict)
    assert isinstance(error, ValidationError)
    assert error.code == "stale"
    assert error.current_number == 7
    with translation.override("fr"):
        assert "pendant que vous" in error.messages[0]


def test_default_labels_name_the_current_version():
    with translation.override("fr"):
        assert default_labels(5) == ("votre version", "version 5")
