"""What the facts panel of a dossier page shows, in a constant number of queries."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch

from facts import permissions
from facts.models import Actor, Deployment, Event, Figure, Provenance

RANK_ORDER = {"preferred": 0, "normal": 1, "deprecated": 2}


@dataclass
class FigureGroup:
    subject: str
    figures: list

    @property
    def contested(self) -> bool:
        """Several current values for the subject at the same date."""
        dates = [figure.as_of for figure in self.figures if figure.rank != "deprecated"]
        return len(dates) != len(set(dates))


@dataclass
class FactsPanel:
    dossier: object
    actors: list
    figure_groups: list[FigureGroup]
    events: list
    deployments: list
    can_add: bool
    can_moderate: bool
    editable: set = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not (
            self.actors or self.figure_groups or self.events or self.deployments
        )


def _citations():
    from sources.models import Citation

    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def _provenances():
    return Prefetch("provenances", queryset=Provenance.objects.select_related("post"))


def facts_panel(dossier, user) -> FactsPanel:
    """The dossier's facts as `user` sees them (removed ones for moderators)."""
    can_moderate = permissions.can_moderate_fact(user)

    def present(queryset):
        return queryset if can_moderate else queryset.filter(removed=False)

    actors = list(present(Actor.objects.filter(dossier=dossier)))
    figures = list(
        present(Figure.objects.filter(dossier=dossier))
        .select_related("attributed_to", "source")
        .prefetch_related(_provenances())
    )
    events = list(
        present(Event.objects.filter(dossier=dossier))
        .order_by("date", "end_date", "id")
        .prefetch_related(_citations(), _provenances())
    )
    deployments = list(
        present(Deployment.objects.filter(dossier=dossier))
        .select_related("vendor")
        .prefetch_related(_citations())
    )
    for fact in [*actors, *figures, *events, *deployments]:
        fact.dossier = dossier
    figures.sort(
        key=lambda f: (
            f.subject.casefold(),
            f.as_of is None,
            f.as_of,
            RANK_ORDER[f.rank],
        )
    )
    groups = [
        FigureGroup(subject=items[0].subject, figures=items)
        for items in (
            list(group)
            for _key, group in groupby(figures, key=lambda f: f.subject.casefold())
        )
    ]
    can_add = permissions.can_add_fact(user, dossier)
    editable = {
        (fact.kind, fact.pk)
        for fact in [*actors, *figures, *events, *deployments]
        if can_add and permissions.can_edit_fact(user, fact)
    }
    return FactsPanel(
        dossier=dossier,
        actors=actors,
        figure_groups=groups,
        events=events,
        deployments=deployments,
        can_add=can_add,
        can_moderate=can_moderate,
        editable=editable,
    )
