"""sitemap.xml and robots.txt (carre/sitemaps.py): public objects, absolute URLs."""

import re

from tests.facts.conftest import make_dossier, make_post, make_source


def _locations(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_sitemap_index_lists_every_section_with_absolute_urls(client, db):
    assert _locations(client, "/sitemap.xml") == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ("places", "dossiers", "threads", "sources")
    ]


def test_sitemap_lists_only_public_objects(client, contributor):
    make_dossier(contributor, title="Reims")
    make_dossier(contributor, title="Brouillon", status="draft")
    make_source(contributor, "rapport-an-2023")
    thread = make_post(contributor, "Le programme de 2020.").thread
    client.force_login(contributor)  # a contributor's rights change nothing
    assert _locations(client, "/sitemap-dossiers.xml") == [
        "http://testserver/dossiers/reims/"
    ]
    assert _locations(client, "/sitemap-threads.xml") == [
        f"http://testserver{thread.get_absolute_url()}"
    ]
    assert _locations(client, "/sitemap-sources.xml") == [
        "http://testserver/sources/rapport-an-2023/"
    ]
    assert "http://testserver/map/" in _locations(client, "/sitemap-places.xml")


def test_unknown_sitemap_section_is_not_found(client, db):
    assert client.get("/sitemap-users.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
