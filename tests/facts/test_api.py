"""The facts router, mounted on a test API (carre/api.py lists the apps it mounts)."""

import pytest
from ninja.testing import TestClient

from facts import services
from facts.api import router


@pytest.fixture
def api():
    return TestClient(router)


def test_dossier_facts_for_published_dossier(api, dossier, contributor, report):
    mayor = services.add_actor(dossier=dossier, by=contributor, name="Arnaud Robinet")
    services.add_figure(
        dossier=dossier,
        by=contributor,
        subject="Coût",
        value=60000,
        attributed_to=mayor,
    )
    response = api.get(f"/dossiers/{dossier.slug}/")
    assert response.status_code == 200
    data = response.json()
    assert data["actors"][0]["name"] == "Arnaud Robinet"
    assert data["figures"][0]["attributed_to_id"] == mayor.pk


def test_draft_dossier_is_not_in_the_api(api, draft_dossier):
    assert api.get(f"/dossiers/{draft_dossier.slug}/").status_code == 404


def test_map_markers(api, dossier, contributor):
    services.add_deployment(
        dossier=dossier, by=contributor, technology="anpr", status="deployed"
    )
    page = api.get("/map/").json()
    assert page["count"] == 1
    [marker] = page["items"]
    assert marker["technologies"] == ["anpr"]
    drones = api.get("/map/", query_params={"technology": "drones"}).json()
    assert drones == {"items": [], "count": 0}
