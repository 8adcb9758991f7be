"""The map as GeoJSON (RFC 7946): one feature per place, with its deployments.

Only published dossiers with coordinates and their present deployments: the
map is public, whoever asks.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from carre.params import BadInput
from facts.models import Deployment
from facts.taxonomy import Technology


def check_filters(*, technology: str = "", status: str = "") -> None:
    """Refuse an unknown technology or status code (400 with a message)."""
    if technology and technology not in Technology.values:
        raise BadInput(_("Unknown technology: “%(code)s”.") % {"code": technology})
    if status and status not in Deployment.Status.values:
        raise BadInput(_("Unknown status: “%(code)s”.") % {"code": status})


def map_places(*, technology: str = "", status: str = ""):
    """Published dossiers with coordinates, each with `map_deployments`
    (filtered); with a filter, only the places that have a matching one."""
    from dossiers.models import Dossier

    deployments = Deployment.objects.filter(removed=False).select_related("vendor")
    places = Dossier.objects.filter(
        status=Dossier.Status.PUBLISHED,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    if technology:
        deployments = deployments.filter(technology=technology)
    if status:
        deployments = deployments.filter(status=status)
    if technology or status:
        places = places.filter(pk__in=deployments.values("dossier_id"))
    return places.order_by("title", "pk").prefetch_related(
        Prefetch(
            "deployments",
            queryset=deployments.order_by("technology", "start_date", "pk"),
            to_attr="map_deployments",
        )
    )


def _deployment(deployment) -> dict:
    return {
        "id": deployment.pk,
        "technology": deployment.technology,
        "technology_label": str(deployment.get_technology_display()),
        "name": deployment.name,
        "status": deployment.status,
        "status_label": str(deployment.get_status_display()),
        "vendor": deployment.vendor.name if deployment.vendor else None,
        "start_date": deployment.start_date.isoformat()
        if deployment.start_date
        else None,
        "end_date": deployment.end_date.isoformat() if deployment.end_date else None,
        "quantity": deployment.quantity,
    }


def feature_collection(places, *, base_url: str) -> dict:
    """A GeoJSON FeatureCollection of `map_places`' places."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": place.slug,
                "geometry": {
                    "type": "Point",
                    # GeoJSON's order: longitude first.
                    "coordinates": [float(place.longitude), float(place.latitude)],
                },
                "properties": {
                    "slug": place.slug,
                    "title": place.title,
                    "place": place.place,
                    "kind": place.kind,
                    "url": base_url + place.get_absolute_url(),
                    "deployments": [_deployment(d) for d in place.map_deployments],
                },
            }
            for place in places
        ],
    }
