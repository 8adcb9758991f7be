"""The map as GeoJSON (RFC 7946): one feature per place, with its deployments.

Only published dossiers with coordinates and their present deployments: the
map is public, whoever asks. The places are the map page's
(`facts.technocarte.map_places`), so a filtered file holds what the filtered
page lists.
"""


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
    """A GeoJSON FeatureCollection of `facts.technocarte.map_places`' places."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": place.dossier.slug,
                "geometry": {
                    "type": "Point",
                    # GeoJSON's order: longitude first.
                    "coordinates": [
                        float(place.dossier.longitude),
                        float(place.dossier.latitude),
                    ],
                },
                "properties": {
                    "slug": place.dossier.slug,
                    "title": place.dossier.title,
                    "place": place.dossier.place,
                    "kind": place.dossier.kind,
                    "url": base_url + place.dossier.get_absolute_url(),
                    "deployments": [_deployment(d) for d in place.deployments],
                },
            }
            for place in places
        ],
    }
