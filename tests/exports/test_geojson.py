"""The map as GeoJSON (/map.geojson)."""

from facts import services as fact_services
from tests.exports.conftest import make_dossier


def test_geojson_has_one_feature_per_place_with_its_deployments(
    client, contributor, savari
):
    fact_services.add_deployment(
        dossier=savari.dossier,
        by=contributor,
        technology="video_surveillance",
        status="deployed",
        quantity=245,
    )
    response = client.get("/map.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.0317, 49.2583]}
    assert feature["properties"]["url"] == "http://testserver/dossiers/reims/"
    assert [d["technology"] for d in feature["properties"]["deployments"]] == [
        "algorithmic_video",
        "video_surveillance",
    ]
    assert feature["properties"]["deployments"][0]["vendor"] == "Thales"


def test_geojson_filters_and_refuses_unknown_codes(client, savari):
    assert client.get("/map.geojson?technology=drones").json()["features"] == []
    assert len(client.get("/map.geojson?status=experimented").json()["features"]) == 1
    response = client.get("/map.geojson?technology=<script>")
    assert response.status_code == 400
    assert "technolog" in response.content.decode().lower()


def test_geojson_leaves_out_draft_dossiers(client, contributor):
    draft = make_dossier(
        contributor, title="Metz", status="draft", latitude=49.12, longitude=6.18
    )
    fact_services.add_deployment(
        dossier=draft, by=contributor, technology="drones", status="planned"
    )
    client.force_login(contributor)
    assert client.get("/map.geojson").json()["features"] == []
