"""Downloads: a dossier as Markdown or JSON, every deployment as CSV, the map
as GeoJSON. Each answers a file with its type and a safe file name.

A dossier's exports follow the dossier page (a draft for those who may read
it); the site-wide ones (CSV, GeoJSON) hold only what is published, whoever
asks, so that a file shared on is never more than the public site shows.
Both take the map page's filters (technology, status, vendor, from, to),
read by `facts.technocarte.read_filters`; a bad value answers 400.
"""

import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from dossiers.loaders import get_dossier_for
from dossiers.models import Dossier
from exports.documents import dossier_document, dossier_markdown
from exports.geojson import feature_collection
from facts.exchange import deployment_row, export_deployments, write_csv
from facts.technocarte import map_places, map_vendors, read_filters


def base_url(request) -> str:
    """The site's address, "https://host", for the absolute links of a file."""
    return request.build_absolute_uri("/").rstrip("/")


def download(content: str, *, content_type: str, filename: str) -> HttpResponse:
    """A file to save: `filename` is made of ASCII letters, digits, "-", "."."""
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _dated(name: str, extension: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}.{extension}"


@require_safe
def dossier_markdown_view(request, slug):
    dossier = get_dossier_for(request, slug)
    text = dossier_markdown(dossier, base_url=base_url(request))
    return download(text, content_type="text/markdown", filename=f"{dossier.slug}.md")


@require_safe
def dossier_json_view(request, slug):
    dossier = get_dossier_for(request, slug)
    data = dossier_document(dossier, base_url=base_url(request))
    return download(
        json_text(data),
        content_type="application/json",
        filename=f"{dossier.slug}.json",
    )


def filtered_deployments(params):
    """The present deployments of the published dossiers that the filters in
    `params` keep (400 on a bad value), ready for `deployment_row`."""
    dossiers = Dossier.objects.visible_to(None)
    filters = read_filters(params, map_vendors(dossiers))
    return filters.apply(export_deployments(dossiers))


def deployments_csv_response(request) -> HttpResponse:
    url = base_url(request)
    deployments = filtered_deployments(request.GET)
    rows = (deployment_row(d, base_url=url) for d in deployments)
    return download(
        write_csv(rows),
        content_type="text/csv",
        filename=_dated("carre-deployments", "csv"),
    )


def map_geojson_response(request) -> HttpResponse:
    places = map_places(read_filters(request.GET, map_vendors()))
    data = feature_collection(places, base_url=base_url(request))
    return download(
        json_text(data),
        content_type="application/geo+json",
        filename=_dated("carre-map", "geojson"),
    )


@require_safe
def deployments_csv(request):
    return deployments_csv_response(request)


@require_safe
def map_geojson(request):
    return map_geojson_response(request)
