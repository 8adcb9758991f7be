import datetime
import re

import pytest
from django.urls import reverse

from facts import services
from tests.facts.conftest import make_dossier

D = datetime.date


def titles(response) -> list[str]:
    return re.findall(r'<p class="event-title"><a [^>]*>([^<]*)</a>', response.text)


def years(response) -> list[str]:
    return re.findall(r'<h3 id="year-(\d+)">', response.text)


@pytest.fixture
def two_cities(contributor, dossier):
    thales = services.add_actor(
        dossier=dossier, by=contributor, name="Thales", kind="vendor"
    )
    services.add_deployment(
        dossier=dossier,
        by=contributor,
        technology="algorithmic_video",
        status="abandoned",
        vendor=thales,
    )
    services.add_event(
        dossier=dossier, by=contributor, date=D(2023, 1, 30), title="Conseil"
    )
    services.add_event(
        dossier=dossier,
        by=contributor,
        date=D(2020, 1, 1),
        precision="year",
        title="Expérimentation",
    )
    nice = make_dossier(contributor, title="Nice", place="Nice")
    services.add_deployment(
        dossier=nice, by=contributor, technology="facial_recognition", status="banned"
    )
    services.add_event(
        dossier=nice, by=contributor, date=D(2019, 2, 19), title="Carnaval"
    )
    return dossier, nice


def test_timeline_shows_events_of_all_dossiers_by_year(client, two_cities):
    response = client.get(reverse("timeline"))
    assert response.status_code == 200
    assert titles(response) == ["Carnaval", "Expérimentation", "Conseil"]
    assert years(response) == ["2019", "2020", "2023"]
    # Each event says its dossier and place, at the precision it is known.
    assert '<time datetime="2020-01-01">2020</time>' in response.text
    assert '<span class="muted">(Nice)</span>' in response.text
    assert "3 événements" in response.text


def test_timeline_is_rendered_without_javascript(client, two_cities):
    response = client.get(reverse("timeline"))
    assert "/static/css/facts.css" in response.text
    assert "leaflet" not in response.text
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', response.text)
    assert all("map.js" not in src for src in scripts)


def test_timeline_hides_drafts_and_removed_events(client, contributor, two_cities):
    draft = make_dossier(contributor, title="Brouillon", status="draft")
    services.add_event(
        dossier=draft, by=contributor, date=D(2021, 1, 1), title="Secret"
    )
    reims, _nice = two_cities
    conseil = reims.events.get(title="Conseil")
    services.remove_fact(conseil, by=contributor)
    assert titles(client.get(reverse("timeline"))) == ["Carnaval", "Expérimentation"]
    client.force_login(contributor)
    assert "Secret" in titles(client.get(reverse("timeline")))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"technology": "algorithmic_video"}, ["Expérimentation", "Conseil"]),
        ({"technology": "facial_recognition"}, ["Carnaval"]),
        ({"technology": "drones"}, []),
        ({"vendor": "Thales"}, ["Expérimentation", "Conseil"]),
        ({"place": "Nice"}, ["Carnaval"]),
        ({"place": "Reims", "technology": "facial_recognition"}, []),
    ],
)
def test_timeline_filters(client, two_cities, params, expected):
    response = client.get(reverse("timeline"), params)
    assert titles(response) == expected
    for value in params.values():
        assert re.search(rf'<option value="{value}" selected>', response.text)
    if not expected:
        assert "Aucun événement ne correspond à ces filtres." in response.text


@pytest.mark.parametrize(
    "params", [{"technology": "nope"}, {"vendor": "x" * 300}, {"place": "Paris"}]
)
def test_timeline_ignores_a_bad_filter_and_says_so(client, two_cities, params):
    response = client.get(reverse("timeline"), params)
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "Ce filtre a été ignoré." in response.text


def test_timeline_is_in_the_main_navigation(client, db):
    response = client.get(reverse("map"))
    assert f'<a href="{reverse("timeline")}">Chronologie</a>' in response.text
