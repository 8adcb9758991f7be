"""A dossier as Markdown and JSON (exports/documents.py, exports/views.py)."""

import re

from dossiers import services as dossier_services
from tests.exports.conftest import make_source


def _page_source_keys(client, dossier) -> set[str]:
    """The sources a reader of the dossier page sees cited: the references
    list of the sections, and the facts' "Sources:" links."""
    html = client.get(dossier.get_absolute_url()).content.decode()
    references = set(re.findall(r'id="ref-([\w-]+)"', html))
    facts = set(re.findall(r'class="fact-sources">.*?</p>', html, re.DOTALL))
    for block in facts:
        references |= set(re.findall(r'href="/sources/([\w-]+)/"', block))
    return references


def test_markdown_export_cites_the_same_sources_as_the_page(client, dossier, savari):
    response = client.get(f"/dossiers/{dossier.slug}/export.md")
    text = response.content.decode()
    footnotes = set(re.findall(r"^\[\^([\w-]+)\]: ", text, re.MULTILINE))
    assert footnotes == {"conseil-reims-2023", "rapport-an-2023"}
    assert footnotes == _page_source_keys(client, dossier)


def test_markdown_export_keeps_pandoc_cites_with_footnotes(client, dossier, savari):
    text = client.get(f"/dossiers/{dossier.slug}/export.md").content.decode()
    assert "[@conseil-reims-2023, 26:00][^conseil-reims-2023]" in text
    assert "[@rapport-an-2023, p. 66-67][^rapport-an-2023]" in text
    # The front matter resolves the keys for `pandoc --citeproc`.
    front = text.split("---")[1]
    assert '- id: "conseil-reims-2023"' in front
    assert '"https://web.archive.org/web/2023/https://www.reims.fr/"' in front
    # The footnote says where the source and its archived copy are.
    [note] = [line for line in text.splitlines() if line.startswith("[^conseil")]
    assert "<https://www.reims.fr/conseil-2023-01-30>" in note
    assert "http://testserver/sources/conseil-reims-2023/" in note
    assert "## Expérimentation Savari" in text


def test_markdown_export_is_a_file_to_save(client, dossier, savari):
    response = client.get(f"/dossiers/{dossier.slug}/export.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reims.md"'


def test_markdown_export_leaves_out_removed_sections(client, dossier, contributor):
    section = dossier_services.add_section(
        dossier, editor=contributor, title="Rumeur", text="Pas sourcé."
    )
    dossier_services.remove_section(section, editor=contributor)
    text = client.get(f"/dossiers/{dossier.slug}/export.md").content.decode()
    assert "Rumeur" not in text


def test_code_keeps_its_cites_untouched(client, dossier, contributor):
    make_source(contributor, "a")
    dossier_services.add_section(
        dossier, editor=contributor, title="Syntaxe", text="Écrire `[@a]` cite [@a]."
    )
    text = client.get(f"/dossiers/{dossier.slug}/export.md").content.decode()
    assert "`[@a]` cite [@a][^a]." in text


def test_draft_dossier_exports_follow_the_page(client, draft_dossier, contributor):
    for extension in ("md", "json"):
        url = f"/dossiers/{draft_dossier.slug}/export.{extension}"
        assert client.get(url).status_code == 404
    client.force_login(contributor)
    for extension in ("md", "json"):
        url = f"/dossiers/{draft_dossier.slug}/export.{extension}"
        assert client.get(url).status_code == 200


def test_json_export_holds_sections_facts_and_sources(client, dossier, savari):
    response = client.get(f"/dossiers/{dossier.slug}/export.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reims.json"'
    data = response.json()
    assert data["url"] == "http://testserver/dossiers/reims/"
    assert data["dossier"]["title"] == "Reims"
    assert [s["title"] for s in data["sections"]] == ["Expérimentation Savari"]
    [deployment] = data["facts"]["deployments"]
    assert deployment["name"] == "Savari"
    assert [c["source_key"] for c in deployment["citations"]] == [
        "conseil-reims-2023",
        "rapport-an-2023",
    ]
    assert {s["key"] for s in data["sources"]} == {
        "conseil-reims-2023",
        "rapport-an-2023",
    }


def test_dossier_and_map_pages_link_to_their_exports(client, dossier, savari):
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert 'href="/dossiers/reims/export.md" type="text/markdown" download' in page
    assert 'href="/dossiers/reims/export.json"' in page
    assert 'href="/dossiers/reims/changes.atom"' in page
    map_page = client.get("/map/").content.decode()
    assert 'href="/map.geojson"' in map_page
    assert 'href="/facts/deployments.csv"' in map_page
