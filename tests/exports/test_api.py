"""API v1: the exports, the paginated lists, the redirects from /api/."""

import csv
import io

import pytest

from facts.exchange import COLUMNS


def test_old_api_addresses_redirect_permanently_to_v1(client):
    response = client.get("/api/forum/threads?limit=5&offset=10")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/forum/threads?limit=5&offset=10"
    assert client.get("/api/docs")["Location"] == "/api/v1/docs"


def test_openapi_schema_lists_the_v1_paths(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/exports/deployments.csv" in schema["paths"]
    assert "/api/v1/exports/map.geojson" in schema["paths"]
    assert "/api/v1/dossiers/" in schema["paths"]


def test_api_exports_a_published_dossier(client, dossier, savari):
    response = client.get(f"/api/v1/exports/dossiers/{dossier.slug}/export.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "[@conseil-reims-2023, 26:00][^conseil-reims-2023]" in response.text
    data = client.get(f"/api/v1/exports/dossiers/{dossier.slug}/export.json").json()
    assert data["dossier"]["slug"] == "reims"


def test_api_exports_no_draft_even_to_its_author(client, contributor, draft_dossier):
    client.force_login(contributor)
    for extension in ("md", "json"):
        url = f"/api/v1/exports/dossiers/{draft_dossier.slug}/export.{extension}"
        assert client.get(url).status_code == 404


def test_api_deployments_as_csv_and_as_a_paginated_list(client, savari):
    response = client.get("/api/v1/exports/deployments.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    page = client.get("/api/v1/exports/deployments?limit=1").json()
    assert page["count"] == 1
    assert page["items"] == [row]
    assert tuple(page["items"][0]) == COLUMNS


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=x"])
def test_api_lists_refuse_pages_out_of_bounds(client, query):
    response = client.get(f"/api/v1/exports/deployments?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_api_map_geojson(client, savari):
    data = client.get("/api/v1/exports/map.geojson?technology=algorithmic_video")
    assert data.json()["features"][0]["id"] == "reims"
    response = client.get("/api/v1/exports/map.geojson?status=everywhere")
    assert response.status_code == 400
    assert "everywhere" in response.json()["detail"]
