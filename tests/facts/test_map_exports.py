"""The map's downloads and API follow the map page's filters.

The GeoJSON, the CSV, the API's map and deployments list read the filters
through the same function as the page (facts.technocarte.read_filters): for
every filter, they hold exactly the deployments the page lists. A bad value,
which the page ignores with a notice, answers 400 with a message there.
"""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from tests.facts.test_map import markers, two_cities  # noqa: F401 (fixture)

FILTERS = [
    {},
    {"technology": "facial_recognition"},
    {"technology": "video_surveillance"},
    {"status": "abandoned"},
    {"vendor": "Thales"},
    {"vendor": "AnyVision"},
    {"from": "2021"},
    {"to": "2019"},
    {"from": "2019", "to": "2019"},
    {"technology": "algorithmic_video", "vendor": "Thales", "from": "2020"},
    {"technology": "drones"},
]


def page_ids(client, params) -> set[str]:
    """The deployments the map page lists, by id (from their links)."""
    response = client.get(reverse("map"), params)
    assert "map-notices" not in response.text
    return {
        d["url"].rsplit("-", 1)[1]
        for place in markers(response)
        for d in place["deployments"]
    }


@pytest.mark.parametrize("params", FILTERS)
def test_downloads_and_api_hold_what_the_filtered_page_lists(
    client,
    two_cities,  # noqa: F811
    params,
):
    expected = page_ids(client, params)

    for url in ("/map.geojson", "/api/v1/exports/map.geojson"):
        features = client.get(url, params).json()["features"]
        geojson = {
            str(d["id"]) for f in features for d in f["properties"]["deployments"]
        }
        assert geojson == expected, url

    for url in ("/facts/deployments.csv", "/api/v1/exports/deployments.csv"):
        response = client.get(url, params)
        rows = csv.DictReader(io.StringIO(response.content.decode()))
        assert {row["Deployment ID"] for row in rows} == expected, url

    page = client.get("/api/v1/exports/deployments", params).json()
    assert {row["Deployment ID"] for row in page["items"]} == expected

    # The API's map: the same places, with the technologies the filters keep.
    page_places = markers(client.get(reverse("map"), params))
    api_places = client.get("/api/v1/facts/map/", params).json()["items"]
    assert [(p["title"], p["technologies"]) for p in api_places] == [
        (p["title"], list(dict.fromkeys(d["technology"] for d in p["deployments"])))
        for p in page_places
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"technology": "nope"},
        {"status": "<script>"},
        {"vendor": "Personne"},
        {"from": "²"},
        {"to": str(10**30)},
        {"from": "2023", "to": "2020"},
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/map.geojson",
        "/facts/deployments.csv",
        "/api/v1/exports/map.geojson",
        "/api/v1/exports/deployments.csv",
        "/api/v1/exports/deployments",
        "/api/v1/facts/map/",
    ],
)
def test_downloads_and_api_refuse_a_bad_filter_with_a_message(
    client,
    two_cities,  # noqa: F811
    url,
    params,
):
    response = client.get(url, params, headers={"accept-language": "fr"})
    assert response.status_code == 400
    if url.startswith("/api/"):
        text = response.json()["detail"]
    else:
        # The 400 page quotes the value escaped.
        assert "<script>" not in response.content.decode()
        text = html.unescape(response.content.decode())
    # The message says what was wrong, in the reader's language.
    assert "Valeur reçue" in text or "La période finit avant" in text


def export_links(response) -> list[str]:
    found = re.search(r'<p class="map-exports".*?</p>', response.text, re.S)
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', found[0])]


def test_the_download_links_carry_the_filters_applied(client, two_cities):  # noqa: F811
    response = client.get(
        reverse("map"),
        {"technology": "algorithmic_video", "vendor": "Thales", "from": "2020"},
    )
    query = "?technology=algorithmic_video&vendor=Thales&from=2020"
    assert export_links(response) == [
        f"/map.geojson{query}",
        f"/facts/deployments.csv{query}",
    ]
    assert "Télécharger les lieux retenus par ces filtres" in response.text
    # A link downloads what the page lists.
    [feature] = client.get(f"/map.geojson{query}").json()["features"]
    assert feature["properties"]["title"] == "Reims"


def test_the_download_links_leave_out_an_ignored_filter(client, two_cities):  # noqa: F811
    response = client.get(reverse("map"), {"status": "nope", "vendor": "AnyVision"})
    assert "Ce filtre a été ignoré." in response.text
    assert export_links(response) == [
        "/map.geojson?vendor=AnyVision",
        "/facts/deployments.csv?vendor=AnyVision",
    ]
    unfiltered = client.get(reverse("map"))
    assert export_links(unfiltered) == ["/map.geojson", "/facts/deployments.csv"]
    assert "Télécharger tous les lieux publiés" in unfiltered.text
