"""Atom feeds of dossier changes, and absolute links in every feed."""

from dossiers import services as dossier_services
from tests.exports.conftest import make_dossier
from tests.facts.conftest import make_post


def test_dossier_changes_feed_lists_published_section_revisions(
    client, contributor, dossier, draft_dossier
):
    dossier_services.add_section(
        dossier, editor=contributor, title="Programme 2020", summary="Promesses"
    )
    dossier_services.add_section(draft_dossier, editor=contributor, title="Secret")
    response = client.get("/dossiers/changes.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Reims : Programme 2020 (version 1)" in feed
    assert "Secret" not in feed
    assert '<link href="http://testserver/dossiers/reims/sections/' in feed


def test_one_dossiers_feed(client, contributor, dossier, draft_dossier):
    other = make_dossier(contributor, title="Nice")
    dossier_services.add_section(dossier, editor=contributor, title="Chiffres")
    dossier_services.add_section(other, editor=contributor, title="Safe City")
    feed = client.get(f"/dossiers/{dossier.slug}/changes.atom").content.decode()
    assert "Chiffres" in feed
    assert "Safe City" not in feed
    assert client.get(f"/dossiers/{draft_dossier.slug}/changes.atom").status_code == 404


def test_links_inside_feed_entries_are_absolute(client, contributor, report):
    post = make_post(contributor, "Voir le rapport [@rapport-an-2023, p. 66].")
    feed = client.get(f"/forum/feeds/t/{post.thread_id}/").content.decode()
    assert "http://testserver/sources/rapport-an-2023/" in feed
    assert 'href="/sources/' not in feed
    assert "href=&quot;/sources/" not in feed
