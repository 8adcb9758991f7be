"""The downloads and feeds of exports/; included at the root by carre/urls.py,
beside the pages they export (no pattern here can match a page's address)."""

from django.urls import path

from exports import feeds, views

urlpatterns = [
    path(
        "dossiers/<slug:slug>/export.md",
        views.dossier_markdown_view,
        name="dossier-export-markdown",
    ),
    path(
        "dossiers/<slug:slug>/export.json",
        views.dossier_json_view,
        name="dossier-export-json",
    ),
    path(
        "dossiers/changes.atom", feeds.DossierChangesFeed(), name="dossier-changes-feed"
    ),
    path("dossiers/<slug:slug>/changes.atom", feeds.DossierFeed(), name="dossier-feed"),
    path("facts/deployments.csv", views.deployments_csv, name="deployments-csv"),
    path("map.geojson", views.map_geojson, name="map-geojson"),
]
