"""Every deployment as CSV rows (facts/exchange.py, /facts/deployments.csv)."""

import csv
import io

from facts import services as fact_services
from facts.exchange import ATLAS_COLUMNS, COLUMNS, cell_value
from tests.exports.conftest import make_dossier


def _rows(client):
    response = client.get("/facts/deployments.csv")
    assert response.status_code == 200
    return response, list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_starts_with_the_atlas_of_surveillance_columns(client, savari):
    response, _ = _rows(client)
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(header) == COLUMNS
    assert header[: len(ATLAS_COLUMNS)] == [
        "AOSNUMBER",
        "NEWAOSNUMBER (ORI9)",
        "City",
        "County",
        "State",
        "Agency",
        "Type of LEA",
        "Summary",
        "Type of Juris",
        "Technology",
        "TECH ABV",
        "Vendor",
    ]


def test_csv_row_holds_status_vendor_dates_links_and_archives(client, savari):
    response, [row] = _rows(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="carre-deployments-'
    )
    assert row["City"] == "Reims"
    assert row["Technology"] == "Algorithmic video analysis"
    assert row["TECH ABV"] == "algorithmic_video"
    assert row["Vendor"] == "Thales"
    assert row["Status"] == "experimented"
    assert (row["Start Date"], row["End Date"]) == ("2020-09-01", "2021-06-30")
    assert row["Link 1"] == "https://www.reims.fr/conseil-2023-01-30"
    assert row["Link 1 Snapshot"].startswith("https://web.archive.org/")
    assert row["Link 1 Source"] == "Ville de Reims"
    assert row["Link 1 Date"] == "2023-01-30"
    assert row["Citations"] == "[@conseil-reims-2023, 22min50; @rapport-an-2023, p. 66]"
    assert row["URL"] == f"http://testserver/dossiers/reims/#deployment-{savari.pk}"
    assert (row["Latitude"], row["Longitude"]) == ("49.258300", "4.031700")


def test_csv_holds_only_public_present_deployments(
    client, contributor, savari, draft_dossier
):
    fact_services.add_deployment(
        dossier=draft_dossier, by=contributor, technology="drones", status="planned"
    )
    removed = fact_services.add_deployment(
        dossier=savari.dossier, by=contributor, technology="anpr", status="deployed"
    )
    fact_services.remove_fact(removed, by=contributor)
    client.force_login(contributor)  # a contributor sees drafts, not here
    _response, rows = _rows(client)
    assert [row["TECH ABV"] for row in rows] == ["algorithmic_video"]


def test_csv_cells_never_run_as_spreadsheet_formulas(client, contributor):
    dossier = make_dossier(contributor, title="Épernay", place="=HYPERLINK(1)")
    fact_services.add_deployment(
        dossier=dossier, by=contributor, technology="drones", status="planned"
    )
    _response, [row] = _rows(client)
    assert row["City"] == "'=HYPERLINK(1)"
    assert cell_value(row["City"]) == "=HYPERLINK(1)"
