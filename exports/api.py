"""The exports in the API: a dossier as Markdown or JSON, the deployments as
CSV or as a paginated list of the same rows, the map as GeoJSON.

Like the rest of the API, they show what an anonymous reader sees (the API
ignores the session): published dossiers, present facts.
"""

from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from carre.params import ApiPagination
from dossiers.models import Dossier
from exports import views
from exports.documents import dossier_document, dossier_markdown
from facts.api import MapFilters
from facts.exchange import deployment_row

router = Router(tags=["exports"])


def _file(content_type: str, description: str) -> dict:
    return {
        "responses": {200: {"description": description, "content": {content_type: {}}}}
    }


def _published(slug: str) -> Dossier:
    return get_object_or_404(Dossier.objects.visible_to(None), slug=slug)


@router.get(
    "/dossiers/{slug}/export.md",
    openapi_extra=_file("text/markdown", "The dossier as Markdown (Pandoc)."),
)
def dossier_export_markdown(request, slug: str):
    """A published dossier as Markdown: cites kept, footnotes, references."""
    dossier = _published(slug)
    text = dossier_markdown(dossier, base_url=views.base_url(request))
    return views.download(
        text, content_type="text/markdown", filename=f"{dossier.slug}.md"
    )


@router.get("/dossiers/{slug}/export.json", response=dict)
def dossier_export_json(request, slug: str):
    """A published dossier, its sections, facts and cited sources, as JSON."""
    dossier = _published(slug)
    return dossier_document(dossier, base_url=views.base_url(request))


@router.get(
    "/deployments.csv",
    openapi_extra=_file("text/csv", "Every deployment, one row each."),
)
def deployments_csv(request, filters: Query[MapFilters]):
    """The deployments of the published dossiers that the map's filters keep
    (all without filters), in the CSV's columns."""
    return views.deployments_csv_response(request)


@router.get("/deployments", response=list[dict[str, str]])
@paginate(ApiPagination)
def list_deployments(request, filters: Query[MapFilters]):
    """The CSV's rows as JSON objects (column name → text), paginated, with
    the same filters."""
    url = views.base_url(request)
    deployments = views.filtered_deployments(request.GET)
    return _Rows(deployments, url)


@router.get(
    "/map.geojson",
    openapi_extra=_file("application/geo+json", "A GeoJSON FeatureCollection."),
)
def map_geojson(request, filters: Query[MapFilters]):
    """The map: one feature per place, with the deployments the filters keep."""
    return views.map_geojson_response(request)


class _Rows:
    """A queryset of deployments that pagination slices and counts, building
    the rows of the page only."""

    def __init__(self, deployments, base_url: str):
        self.deployments = deployments
        self.base_url = base_url

    def count(self) -> int:
        return self.deployments.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, str]]:
        return [
            deployment_row(d, base_url=self.base_url) for d in self.deployments[window]
        ]
