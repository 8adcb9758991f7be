import datetime
import html
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from facts import services
from facts.taxonomy import Technology, entries
from tests.facts.conftest import make_dossier

D = datetime.date


def markers(response):
    found = re.search(
        r'<script id="map-markers" type="application/json">(.*?)</script>',
        response.text,
        re.S,
    )
    return json.loads(found.group(1))


def listed(response):
    """What the accessible list says, per place: its deployments' labels."""
    return {
        place["title"]: sorted(d["technology_label"] for d in place["deployments"])
        for place in markers(response)
    }


def shown(response) -> list[str]:
    """The deployment lines of the list beside the map, as a reader sees them."""
    found = re.findall(
        r'<li class="map-deployment">.*?<a [^>]*>([^<]*)</a>', response.text, re.S
    )
    return [html.unescape(text) for text in found]


@pytest.fixture
def two_cities(contributor, dossier):
    """Reims (the thread's facts) and Nice, with different vendors and dates."""
    thales = services.add_actor(
        dossier=dossier, by=contributor, name="Thales", kind="vendor"
    )
    services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="algorithmic_video",
        name="Savari",
        status="abandoned",
        vendor=thales,
        start_date=D(2020, 1, 1),
        end_date=D(2022, 1, 1),
    )
    services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="video_surveillance",
        status="deployed",
    )
    nice = make_dossier(
        contributor, title="Nice", place="Nice", latitude=43.7102, longitude=7.262
    )
    anyvision = services.add_actor(
        dossier=nice, by=contributor, name="AnyVision", kind="vendor"
    )
    services.add_deployment(
        dossier=nice,
        by=contributor,
        technology="facial_recognition",
        status="experimented",
        vendor=anyvision,
        start_date=D(2019, 2, 19),
        end_date=D(2019, 3, 5),
    )
    return dossier, nice


def test_map_lists_published_places_with_their_deployments(
    client, contributor, dossier
):
    make_dossier(
        contributor, title="Brouillon", status="draft", latitude=1, longitude=1
    )
    make_dossier(contributor, title="Sans lieu")
    services.add_deployment(
        dossier=dossier, by=contributor, technology="anpr", status="deployed"
    )
    response = client.get(reverse("map"))
    [place] = markers(response)
    assert place["title"] == "Reims"
    assert place["url"] == dossier.get_absolute_url()
    [deployment] = place["deployments"]
    assert deployment["technology_label"] == (
        "Lecture automatique de plaques d'immatriculation"
    )
    assert deployment["status_label"] == "Déployé"
    assert deployment["abbreviation"] == "LAPI"
    assert "Brouillon" not in response.text
    # The list says it in words beside the marker's shape and letters.
    assert shown(response) == ["Lecture automatique de plaques d'immatriculation"]
    assert '<span class="status-text">Déployé</span>' in response.text
    # Leaflet only on the map page, from our origin; no inline executable script.
    assert "/static/vendor/leaflet-1.9.4/dist/leaflet.js" in response.text
    assert re.findall(r"<script(?![^>]*(src=|application/json))", response.text) == []
    assert 'class="map-notice"' in response.text
    assert 'data-tile-url=""' in response.text


def test_map_shows_a_place_without_deployments_only_unfiltered(
    client, contributor, dossier
):
    assert listed(client.get(reverse("map"))) == {"Reims": []}
    response = client.get(reverse("map"), {"status": "deployed"})
    assert markers(response) == []
    assert "Aucun lieu publié ne correspond à ces filtres." in response.text


def test_map_uses_tiles_only_when_configured(client, settings, dossier):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("map"))
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in response.text
    assert 'class="map-notice"' not in response.text


def test_map_filters_by_technology(client, two_cities):
    response = client.get(reverse("map"), {"technology": "facial_recognition"})
    assert listed(response) == {"Nice": ["Reconnaissance faciale"]}
    assert shown(response) == ["Reconnaissance faciale"]


def test_map_filters_by_status(client, two_cities):
    response = client.get(reverse("map"), {"status": "deployed"})
    assert listed(response) == {"Reims": ["Vidéosurveillance"]}


def test_map_filters_by_vendor(client, two_cities):
    response = client.get(reverse("map"), {"vendor": "Thales"})
    assert listed(response) == {"Reims": ["Vidéosurveillance algorithmique"]}
    assert shown(response) == ["Vidéosurveillance algorithmique — Savari"]


def test_map_filters_by_period_keeping_undated_deployments(client, two_cities):
    # 2021: Savari (2020-2022) and the undated cameras; Nice's 2019 trial is out.
    response = client.get(reverse("map"), {"from": "2021", "to": "2021"})
    assert listed(response) == {
        "Reims": ["Vidéosurveillance", "Vidéosurveillance algorithmique"]
    }
    response = client.get(reverse("map"), {"to": "2019"})
    assert listed(response) == {
        "Nice": ["Reconnaissance faciale"],
        "Reims": ["Vidéosurveillance"],
    }
    response = client.get(reverse("map"), {"from": "2023"})
    assert listed(response) == {"Reims": ["Vidéosurveillance"]}


def test_map_filters_combine_and_the_form_keeps_them(client, two_cities):
    query = (
        "technology=algorithmic_video&status=abandoned&vendor=Thales&from=2020&to=2024"
    )
    response = client.get(f"{reverse('map')}?{query}")
    assert listed(response) == {"Reims": ["Vidéosurveillance algorithmique"]}
    # The form shows the filters the address holds: submitting it gives back
    # the same address, so the map can be shared as it is.
    assert '<option value="algorithmic_video" selected>' in response.text
    assert '<option value="abandoned" selected>' in response.text
    assert '<option value="Thales" selected>' in response.text
    assert 'name="from" id="map-from"' in response.text
    assert re.search(r'name="from"[^>]*value="2020"', response.text)
    assert re.search(r'name="to"[^>]*value="2024"', response.text)
    assert 'class="map-filter-reset"' in response.text
    assert "map-notices" not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"technology": "nope"},
        {"status": "<script>"},
        {"vendor": "Personne"},
        {"from": "²"},
        {"to": str(10**30)},
        {"from": "1e3"},
    ],
)
def test_map_ignores_a_bad_filter_and_says_so(client, two_cities, params):
    response = client.get(reverse("map"), params)
    assert response.status_code == 200
    assert len(markers(response)) == 2
    assert "Ce filtre a été ignoré." in response.text
    assert (
        "<script>" not in response.text.split('id="map-results"')[1].split("</ul>")[0]
    )


def test_map_ignores_a_period_that_ends_before_it_starts(client, two_cities):
    response = client.get(reverse("map"), {"from": "2023", "to": "2020"})
    assert len(markers(response)) == 2
    assert "La période finit avant de commencer ; elle a été ignorée." in response.text


def test_map_offers_the_vendors_on_the_map(client, two_cities, contributor):
    hidden = make_dossier(contributor, title="Sans lieu")
    services.add_actor(dossier=hidden, by=contributor, name="Idemia", kind="vendor")
    response = client.get(reverse("map"))
    options = re.search(r'<select name="vendor".*?</select>', response.text, re.S)
    assert re.findall(r'<option value="(\w+)"', options.group(0)) == [
        "AnyVision",
        "Thales",
    ]


def test_map_city_names_are_served_by_the_site(client, db):
    path = finders.find("data/french-cities.json")
    with open(path, encoding="utf-8") as data:
        cities = json.load(data)
    names = {city["name"] for city in cities}
    assert {"Paris", "Lyon", "Marseille", "Reims", "Lille"} <= names
    assert all(41 < city["lat"] < 52 and -5 < city["lng"] < 10 for city in cities)
    response = client.get(reverse("map"))
    assert 'data-cities-url="/static/data/french-cities.json"' in response.text


def test_dossier_pages_do_not_load_leaflet(client, dossier):
    assert "leaflet" not in client.get(dossier.get_absolute_url()).text


def test_taxonomy_is_documented(client):
    assert [entry.code for entry in entries()] == list(Technology.values)
    assert all(entry.description for entry in entries())
    response = client.get(reverse("technology-list"))
    assert 'id="facial_recognition"' in response.text
    assert "Reconnaissance faciale" in response.text


def test_map_orders_places_as_a_french_reader_does(client, contributor, dossier):
    make_dossier(contributor, title="Épernay", latitude=49.04, longitude=3.96)
    make_dossier(contributor, title="angers", latitude=47.47, longitude=-0.55)
    titles = [place["title"] for place in markers(client.get(reverse("map")))]
    assert titles == ["angers", "Épernay", "Reims"]
