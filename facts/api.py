"""Read-only API of facts: a published dossier's facts, and the map's markers.

Only what an anonymous reader sees: published dossiers, facts not removed.
"""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from carre.params import ApiPagination
from facts.panel import facts_panel
from facts.technocarte import map_places, map_vendors, read_filters

router = Router(tags=["facts"])


class CitationOut(Schema):
    source_key: str
    locator: str

    @staticmethod
    def resolve_source_key(citation) -> str:
        return citation.source.key


class ActorOut(Schema):
    id: int
    name: str
    kind: str
    role: str
    description: str

    @staticmethod
    def resolve_kind(actor) -> str:
        return actor.actor_kind


class FigureOut(Schema):
    id: int
    subject: str
    value: Decimal
    unit: str
    as_of: datetime.date | None
    as_of_precision: str
    attributed_to_id: int | None
    source_key: str | None
    locator: str
    rank: str
    rank_reason: str

    @staticmethod
    def resolve_source_key(figure) -> str | None:
        return figure.source.key if figure.source else None


class EventOut(Schema):
    id: int
    date: datetime.date
    date_precision: str
    end_date: datetime.date | None
    end_precision: str
    title: str
    description: str
    citations: list[CitationOut]

    @staticmethod
    def resolve_citations(event) -> list:
        return list(event.citations.all())


class DeploymentOut(Schema):
    id: int
    technology: str
    name: str
    vendor_id: int | None
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    quantity: int | None
    cost: Decimal | None
    description: str
    citations: list[CitationOut]

    @staticmethod
    def resolve_citations(deployment) -> list:
        return list(deployment.citations.all())


class DossierFactsOut(Schema):
    actors: list[ActorOut]
    figures: list[FigureOut]
    events: list[EventOut]
    deployments: list[DeploymentOut]


class MarkerOut(Schema):
    slug: str
    title: str
    latitude: Decimal
    longitude: Decimal
    url: str
    technologies: list[str]


@router.get("/dossiers/{slug}/", response=DossierFactsOut)
def dossier_facts(request, slug: str):
    """The facts of a published dossier (figures of a subject side by side)."""
    from django.contrib.auth.models import AnonymousUser

    from dossiers.models import Dossier

    dossier = get_object_or_404(Dossier, slug=slug, status=Dossier.Status.PUBLISHED)
    panel = facts_panel(dossier, AnonymousUser())
    return {
        "actors": panel.actors,
        "figures": [f for group in panel.figure_groups for f in group.figures],
        "events": panel.events,
        "deployments": panel.deployments,
    }


class MapFilters(Schema):
    """The map page's filters, as its address carries them. They are read
    from the query string by `facts.technocarte.read_filters` (declared here
    for the documentation): an unknown value answers 400 with a message."""

    technology: str = Field("", description="A technology code.")
    status: str = Field("", description="A deployment status code.")
    vendor: str = Field("", description="A vendor's name, as the map lists it.")
    since: str = Field(
        "", alias="from", description="Deployments still running in that year."
    )
    until: str = Field(
        "", alias="to", description="Deployments started by the end of that year."
    )


@router.get("/map/", response=list[MarkerOut])
@paginate(ApiPagination)
def map_markers(request, filters: Query[MapFilters]):
    """The map page's places: published dossiers with coordinates and the
    codes of the technologies the filters keep (paginated; the same places as
    GeoJSON: /api/v1/exports/map.geojson)."""
    places = map_places(read_filters(request.GET, map_vendors()))
    return [
        {
            "slug": place.dossier.slug,
            "title": place.dossier.title,
            "latitude": place.dossier.latitude,
            "longitude": place.dossier.longitude,
            "url": place.dossier.get_absolute_url(),
            "technologies": list(
                dict.fromkeys(d.technology for d in place.deployments)
            ),
        }
        for place in places
    ]
