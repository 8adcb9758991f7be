import json
import re

from django.urls import reverse

from facts import services
from facts.taxonomy import Technology, entries
from tests.facts.conftest import make_dossier


def markers(response):
    found = re.search(
        r'<script id="map-markers" type="application/json">(.*?)</script>',
        response.text,
        re.S,
    )
    return json.loads(found.group(1))


def test_map_lists_published_dossiers_with_coordinates(client, contributor, dossier):
    make_dossier(
        contributor, title="Brouillon", status="draft", latitude=1, longitude=1
    )
    make_dossier(contributor, title="Sans lieu")
    services.add_deployment(
        dossier=dossier, by=contributor, technology="anpr", status="deployed"
    )
    response = client.get(reverse("map"))
    [marker] = markers(response)
    assert marker["title"] == "Reims"
    assert marker["url"] == dossier.get_absolute_url()
    assert marker["technologies"] == [
        "Lecture automatique de plaques d'immatriculation"
    ]
    assert "Brouillon" not in response.text
    # Leaflet only on the map page, from our origin; no inline executable script.
    assert "/static/vendor/leaflet-1.9.4/dist/leaflet.js" in response.text
    assert re.findall(r"<script(?![^>]*(src=|application/json))", response.text) == []
    assert 'class="map-notice"' in response.text
    assert 'data-tile-url=""' in response.text


def test_map_uses_tiles_only_when_configured(client, settings, dossier):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("map"))
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in response.text
    assert 'class="map-notice"' not in response.text


def test_map_filters_by_technology(client, contributor, dossier):
    services.add_deployment(
        dossier=dossier, by=contributor, technology="drones", status="planned"
    )
    nice = make_dossier(contributor, title="Nice", latitude=43.7, longitude=7.26)
    services.add_deployment(
        dossier=nice, by=contributor, technology="facial_recognition", status="banned"
    )
    response = client.get(reverse("map"), {"technology": "drones"})
    assert [m["title"] for m in markers(response)] == ["Reims"]
    # An unknown technology shows everything rather than failing.
    response = client.get(reverse("map"), {"technology": "nope"})
    assert response.status_code == 200
    assert len(markers(response)) == 2


def test_dossier_pages_do_not_load_leaflet(client, dossier):
    assert "leaflet" not in client.get(dossier.get_absolute_url()).text


def test_taxonomy_is_documented(client):
    assert [entry.code for entry in entries()] == list(Technology.values)
    assert all(entry.description for entry in entries())
    response = client.get(reverse("technology-list"))
    assert 'id="facial_recognition"' in response.text
    assert "Reconnaissance faciale" in response.text
