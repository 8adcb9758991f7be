"""The exports of the Reims demo, what reviewers download first."""

import csv
import io
import re

from carre import demo
from tests.exports.test_documents import _page_source_keys


def test_reims_demo_exports(client, db):
    demo.load()
    text = client.get("/dossiers/reims/export.md").content.decode()
    footnotes = set(re.findall(r"^\[\^([\w-]+)\]: ", text, re.MULTILINE))
    assert footnotes
    assert footnotes == _page_source_keys(client, _reims())
    rows = list(csv.DictReader(io.StringIO(client.get("/facts/deployments.csv").text)))
    savari = [row for row in rows if row["Name"] == "Savari"]
    assert savari and savari[0]["City"].startswith("Reims")
    features = client.get("/map.geojson").json()["features"]
    assert "reims" in [feature["id"] for feature in features]


def _reims():
    from dossiers.models import Dossier

    return Dossier.objects.get(slug="reims")
