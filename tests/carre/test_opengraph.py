"""OpenGraph and Twitter card tags of dossiers, threads and sources."""

import re

from tests.facts.conftest import make_dossier, make_post, make_source


def _meta(client, url) -> dict[str, str]:
    html = client.get(url).content.decode()
    head = html.split("</head>")[0]
    return dict(
        re.findall(
            r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)"', head
        )
    )


def test_dossier_page_has_a_card_with_its_plain_summary(client, contributor):
    dossier = make_dossier(
        contributor,
        title="Reims",
        summary="Vidéosurveillance <b>algorithmique</b> & caméras\n\nà Reims.",
    )
    meta = _meta(client, dossier.get_absolute_url())
    assert meta["og:title"] == "Reims"
    assert meta["og:description"] == (
        "Vidéosurveillance algorithmique &amp; caméras à Reims."
    )
    assert meta["og:url"] == "http://testserver/dossiers/reims/"
    assert meta["og:type"] == "article"
    assert meta["twitter:card"] == "summary"
    assert "og:image" not in meta


def test_thread_card_summarises_its_first_post(client, contributor):
    thread = make_post(
        contributor, "Le **programme** de 2020 promet des caméras."
    ).thread
    meta = _meta(client, thread.get_absolute_url())
    assert meta["og:title"] == thread.title
    assert meta["og:description"] == "Le programme de 2020 promet des caméras."
    assert meta["og:url"] == f"http://testserver{thread.get_absolute_url()}"


def test_source_card(client, contributor):
    source = make_source(contributor, "streetpress-2023", title="Reims, la VSA")
    meta = _meta(client, source.get_absolute_url())
    assert meta["og:title"] == "Reims, la VSA"
    assert meta["og:url"] == "http://testserver/sources/streetpress-2023/"
