"""templates/includes/pagination.html, the one pagination bar of every list."""

import lxml.html
import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sources import services as source_services


def render(rf, query="", number=2, pages=3, **options):
    request = rf.get(f"/list/{query}")
    page = Paginator(range(pages * 10), 10).get_page(number)
    # French, like most visitors, whatever language an earlier test left active.
    with translation.override("fr"):
        html = render_to_string(
            "includes/pagination.html", {"page": page, **options}, request=request
        )
    return lxml.html.fragment_fromstring(html) if html.strip() else None


def links(nav):
    return {a.text_content(): a.get("href") for a in nav.iter("a")}


def test_pagination_is_a_named_landmark_with_the_current_page(rf):
    nav = render(rf)
    assert nav.tag == "nav"
    assert nav.get("aria-label") == "Pages"
    [current] = nav.xpath("//*[@aria-current='page']")
    assert current.text_content() == "Page 2 sur 3"


def test_pagination_links_keep_the_query_string_but_the_page(rf):
    nav = render(rf, "?q=th%C3%A9&kind=article&page=2")
    assert links(nav) == {
        "Précédente": "?q=th%C3%A9&kind=article&page=1",
        "Suivante": "?q=th%C3%A9&kind=article&page=3",
    }
    assert nav.xpath("//a[@rel='prev']") and nav.xpath("//a[@rel='next']")


def test_pagination_for_newest_first_lists_and_with_ends(rf):
    assert set(links(render(rf, newest_first=True))) == {
        "Plus récentes",
        "Plus anciennes",
    }
    assert links(render(rf, number=2, pages=5, ends=True)) == {
        "Première": "?page=1",
        "Précédente": "?page=1",
        "Suivante": "?page=3",
        "Dernière": "?page=5",
    }


def test_pagination_on_first_and_last_page_shows_one_direction(rf):
    assert set(links(render(rf, number=1))) == {"Suivante"}
    assert set(links(render(rf, number=3))) == {"Précédente"}


def test_pagination_of_a_single_page_shows_nothing(rf):
    assert render(rf, number=1, pages=1) is None


def test_pagination_label_can_name_a_second_bar(rf):
    assert render(rf, label="Pages (bas)").get("aria-label") == "Pages (bas)"


@pytest.mark.django_db
def test_source_list_next_page_keeps_the_filters(client, contributor):
    for n in range(60):
        source_services.add_source_manually(
            added_by=contributor, key=f"rapport-{n}", title=f"Rapport {n}"
        )
    response = client.get(reverse("source-list"), {"q": "Rapport", "kind": ""})
    nav = lxml.html.fromstring(response.content).xpath("//nav[@class='pagination']")
    assert links(nav[0])["Suivante"] == "?q=Rapport&kind=&page=2"
