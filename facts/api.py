"""Read-only API of facts: a published dossier's facts, and the map's markers.

Only what an anonymous reader sees: published dossiers, facts not removed.
"""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from carre.params import ApiPagination
from facts.panel import facts_panel, map_dossiers

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


@router.get("/map/", response=list[MarkerOut])
@paginate(ApiPagination)
def map_markers(request, technology: str = ""):
    """Published dossiers with coordinates and the codes of their technologies
    (paginated; the whole map as GeoJSON: /api/v1/exports/map.geojson)."""
    return [
        {
            "slug": dossier.slug,
            "title": dossier.title,
            "latitude": dossier.latitude,
            "longitude": dossier.longitude,
            "url": dossier.get_absolute_url(),
            "technologies": list(
                dict.fromkeys(d.technology for d in dossier.present_deployments)
            ),
        }
        for dossier in map_dossiers(technology=technology)
    ]
