import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from facts import services
from facts.models import FactRevision, Figure
from facts.panel import facts_panel
from tests.facts.conftest import make_dossier


@pytest.fixture
def mayor(dossier, contributor):
    return services.add_actor(
        dossier=dossier, by=contributor, name="Arnaud Robinet", role="maire"
    )


@pytest.fixture
def councillor(dossier, contributor):
    return services.add_actor(
        dossier=dossier, by=contributor, name="Éric Quenard", role="opposition"
    )


def add_cost(dossier, user, actor, value, locator, source):
    return services.add_figure(
        dossier=dossier,
        by=user,
        subject="Coût du logiciel Savari",
        value=value,
        unit="€",
        as_of=datetime.date(2023, 1, 30),
        attributed_to=actor,
        source=source,
        locator=locator,
    )


def test_add_figure_records_first_revision(dossier, contributor, mayor, council_video):
    figure = add_cost(dossier, contributor, mayor, 60000, "26:00", council_video)
    assert figure.version == 1
    revision = services.fact_revisions(figure).get()
    assert revision.action == FactRevision.Action.CREATE
    assert revision.editor == contributor
    assert revision.values["value"] == "60000"
    assert revision.values["attributed_to_id"] == mayor.pk
    assert revision.values["locator"] == "26:00"
    # The figure's source is a citation the source page can list.
    assert [c.source for c in figure.citations.all()] == [council_video]


def test_two_values_of_one_subject_live_side_by_side(
    dossier, contributor, other_contributor, mayor, councillor, council_video
):
    add_cost(dossier, contributor, councillor, 210000, "22:50", council_video)
    add_cost(dossier, other_contributor, mayor, 60000, "26:00", council_video)
    panel = facts_panel(dossier, contributor)
    [group] = panel.figure_groups
    assert group.subject == "Coût du logiciel Savari"
    assert sorted(f.value for f in group.figures) == [Decimal(60000), Decimal(210000)]
    assert {f.attributed_to.name for f in group.figures} == {
        "Arnaud Robinet",
        "Éric Quenard",
    }
    assert group.contested


def test_dated_values_are_not_contested(dossier, contributor):
    for year, count in ((2021, 225), (2022, 245)):
        services.add_figure(
            dossier=dossier,
            by=contributor,
            subject="Caméras",
            value=count,
            as_of=datetime.date(year, 6, 1),
        )
    [group] = facts_panel(dossier, contributor).figure_groups
    assert [f.value for f in group.figures] == [225, 245]
    assert not group.contested


def test_rank_other_than_normal_needs_a_reason(dossier, contributor):
    with pytest.raises(ValidationError):
        services.add_figure(
            dossier=dossier,
            by=contributor,
            subject="Coût",
            value=1,
            rank=Figure.Rank.DEPRECATED,
        )
    figure = services.add_figure(
        dossier=dossier,
        by=contributor,
        subject="Coût",
        value=1,
        rank=Figure.Rank.DEPRECATED,
        rank_reason="Chiffre cité de mémoire",
    )
    assert figure.rank == "deprecated"


def test_edit_appends_a_revision_and_keeps_the_old_values(dossier, contributor):
    figure = services.add_figure(dossier=dossier, by=contributor, subject="A", value=1)
    services.edit_fact(
        figure, by=contributor, values={"value": Decimal(2)}, base_version=1
    )
    figure.refresh_from_db()
    assert figure.value == 2
    assert figure.version == 2
    values = [r.values["value"] for r in services.fact_revisions(figure)]
    assert values == ["2", "1"]


def test_concurrent_edit_is_refused(dossier, contributor, other_contributor):
    figure = services.add_figure(dossier=dossier, by=contributor, subject="A", value=1)
    services.edit_fact(figure, by=contributor, values={"value": 2}, base_version=1)
    with pytest.raises(services.FactConflict) as conflict:
        services.edit_fact(
            figure, by=other_contributor, values={"value": 3}, base_version=1
        )
    assert conflict.value.current_version == 2
    figure.refresh_from_db()
    assert figure.value == 2


def test_revert_is_a_new_revision(dossier, contributor, report):
    event = services.add_event(
        dossier=dossier,
        by=contributor,
        date=datetime.date(2023, 4, 12),
        title="Rapport",
        citations=[(report, "p. 66-67")],
    )
    services.edit_fact(
        event,
        by=contributor,
        values={"title": "Rapport modifié"},
        citations=[],
        base_version=1,
    )
    first = services.fact_revisions(event).get(number=1)
    services.revert_fact(event, by=contributor, revision=first)
    event.refresh_from_db()
    assert event.title == "Rapport"
    assert event.version == 3
    latest = services.fact_revisions(event).first()
    assert latest.action == FactRevision.Action.REVERT
    assert [(c.source, c.locator) for c in event.citations.all()] == [
        (report, "p. 66-67")
    ]


def test_actor_of_another_dossier_is_refused(dossier, contributor):
    other = make_dossier(contributor, title="Nice")
    stranger = services.add_actor(dossier=other, by=contributor, name="X")
    with pytest.raises(ValidationError):
        services.add_figure(
            dossier=dossier,
            by=contributor,
            subject="A",
            value=1,
            attributed_to=stranger,
        )


def test_locked_fact_only_moderators_edit(dossier, contributor, moderator):
    actor = services.add_actor(dossier=dossier, by=contributor, name="Thales")
    with pytest.raises(PermissionDenied):
        services.set_fact_locked(actor, by=contributor, locked=True)
    actor = services.set_fact_locked(actor, by=moderator, locked=True)
    with pytest.raises(PermissionDenied):
        services.edit_fact(
            actor, by=contributor, values={"name": "Thalès"}, base_version=2
        )
    services.edit_fact(actor, by=moderator, values={"name": "Thalès"}, base_version=2)
    actor.refresh_from_db()
    assert actor.name == "Thalès"


def test_remove_hides_and_moderator_restores(dossier, contributor, moderator):
    actor = services.add_actor(dossier=dossier, by=contributor, name="Thales")
    services.remove_fact(actor, by=contributor)
    assert facts_panel(dossier, contributor).actors == []
    assert [a.name for a in facts_panel(dossier, moderator).actors] == ["Thales"]
    with pytest.raises(PermissionDenied):
        services.restore_fact(actor, by=contributor)
    services.restore_fact(actor, by=moderator)
    assert [a.name for a in facts_panel(dossier, contributor).actors] == ["Thales"]


def test_anonymous_cannot_add(dossier):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.add_actor(dossier=dossier, by=AnonymousUser(), name="X")


def test_deployment_with_vendor_and_citations(dossier, contributor, report):
    thales = services.add_actor(
        dossier=dossier, by=contributor, name="Thales", kind="vendor"
    )
    deployment = services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="algorithmic_video",
        status="abandoned",
        name="Savari",
        vendor=thales,
        start_date=datetime.date(2020, 1, 1),
        start_precision="year",
        end_date=datetime.date(2022, 1, 1),
        end_precision="year",
        citations=[(report, "p. 66-67")],
    )
    assert deployment.vendor == thales
    assert services.fact_revisions(deployment).get().values["citations"] == [
        {"source_id": report.pk, "locator": "p. 66-67"}
    ]


def test_event_end_before_start_is_refused(dossier, contributor):
    with pytest.raises(ValidationError):
        services.add_event(
            dossier=dossier,
            by=contributor,
            date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2020, 1, 1),
            title="Impossible",
        )
