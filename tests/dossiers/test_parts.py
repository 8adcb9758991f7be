"""A long dossier's page in parts: the whole table of contents, the first
sections, the rest behind plain links that htmx follows as the reader scrolls."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.models import Section, SectionRevision
from dossiers.rendering import render_section
from sources.services import add_source_manually
from tests.dossiers.conftest import make_dossier

SIZE = 50
COUNT = 200
# Where the two sources are cited: A in parts 1 and 2, B in part 2 only.
CITING = {2: "[@sourcea]", 59: "[@sourceb]", 70: "[@sourcea, p. 4]", 180: "[@sourceb]"}
SECTION_RE = re.compile(r'<section class="dossier-section[^"]*" id="(section-\d+)"')
NUMBER_RE = re.compile(r'class="citation-ref" href="#ref-([\w-]+)">\[(\d+)\]')
NEXT_RE = re.compile(r'<p class="dossier-more"><a href="\?part=(\d+)" data-hx-get')


@pytest.fixture
def long_dossier(contributor, settings):
    settings.CARRE_DOSSIER_PAGE_SECTIONS = SIZE
    for key in ("sourcea", "sourceb"):
        add_source_manually(
            added_by=contributor,
            key=key,
            url=f"https://example.org/{key}",
            title=f"Titre {key}",
        )
    return make_long_dossier(contributor)


def make_long_dossier(author, count=COUNT):
    """A dossier of `count` sections, written in bulk; some cite sources
    `sourcea` and `sourceb` (`CITING`), which must exist first."""
    dossier = make_dossier(author, title="Long")
    texts = [f"Texte {n} {CITING.get(n, '')}." for n in range(count)]
    sections = Section.objects.bulk_create(
        Section(
            dossier=dossier,
            title=f"Section {n}",
            anchor=f"section-{n}",
            position=n + 1,
            text=text,
            html=render_section(text),
            version=1,
        )
        for n, text in enumerate(texts)
    )
    revisions = SectionRevision.objects.bulk_create(
        SectionRevision(
            section=section,
            number=1,
            title=section.title,
            text=section.text,
            editor=author,
        )
        for section in sections
    )
    for section, revision in zip(sections, revisions, strict=True):
        section.current_revision = revision
    Section.objects.bulk_update(sections, ["current_revision"])
    return dossier


def shown_sections(html: str) -> list[str]:
    return SECTION_RE.findall(html)


def numbers_by_section(html: str) -> dict[str, list[tuple[str, str]]]:
    """Each section's citation markers: (source key, number shown)."""
    found = {}
    for chunk in re.split(r'(?=<section class="dossier-section)', html)[1:]:
        anchor = SECTION_RE.match(chunk).group(1)
        found[anchor] = NUMBER_RE.findall(chunk.split("</section>")[0])
    return found


def contents(html: str) -> dict[str, str]:
    """The table of contents: title -> link."""
    toc = html.split('id="dossier-toc"')[1].split("</nav>")[0]
    return {
        title: href for href, title in re.findall(r'<a href="([^"]+)">([^<]+)</a>', toc)
    }


def test_first_part_shows_the_whole_contents_its_sections_and_a_link(
    client, long_dossier
):
    html = client.get(long_dossier.get_absolute_url()).content.decode()
    assert shown_sections(html) == [f"section-{n}" for n in range(SIZE)]
    toc = contents(html)
    assert len(toc) == COUNT
    assert toc["Section 0"] == "#section-0"
    assert toc["Section 120"] == f"{long_dossier.get_absolute_url()}?part=3#section-120"
    link = re.search(r'<p class="dossier-more">(.*?)</p>', html).group(1)
    assert 'href="?part=2"' in link
    assert 'data-hx-trigger="revealed"' in link
    assert "51\u2013100" in link


def test_a_contents_link_lands_on_the_part_holding_the_section(client, long_dossier):
    html = client.get(long_dossier.get_absolute_url()).content.decode()
    url, anchor = contents(html)["Section 175"].split("#")
    part = client.get(url).content.decode()
    assert f'id="{anchor}"' in part
    assert shown_sections(part)[0] == "section-150"
    # From that part, a section of the first part links back to the page.
    assert contents(part)["Section 3"] == f"{long_dossier.get_absolute_url()}#section-3"
    assert contents(part)["Section 160"] == "#section-160"


def test_without_javascript_the_links_lead_through_every_section_once(
    client, long_dossier
):
    url = long_dossier.get_absolute_url()
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen += shown_sections(html)
        pages += 1
        found = NEXT_RE.search(html)
        url = f"{long_dossier.get_absolute_url()}?part={found[1]}" if found else None
    assert pages == COUNT // SIZE
    assert seen == [f"section-{n}" for n in range(COUNT)]


def test_parts_show_the_footnote_numbers_of_the_whole_dossier(
    client, long_dossier, settings
):
    url = long_dossier.get_absolute_url()
    parts = {}
    for part in range(1, COUNT // SIZE + 1):
        parts.update(
            numbers_by_section(client.get(f"{url}?part={part}").content.decode())
        )
    settings.CARRE_DOSSIER_PAGE_SECTIONS = 0  # the whole dossier on one page
    whole = numbers_by_section(client.get(url).content.decode())
    assert len(whole) == COUNT
    assert parts == whole
    assert whole["section-59"] == [("sourceb", "2")]
    assert whole["section-70"] == [("sourcea", "1")]


def test_a_part_lists_the_references_it_cites_with_their_numbers(client, long_dossier):
    html = client.get(f"{long_dossier.get_absolute_url()}?part=2").content.decode()
    references = html.split('class="references-list"')[1].split("</ol>")[0]
    assert '<li id="ref-sourcea" class="reference" value="1">' in references
    assert '<li id="ref-sourceb" class="reference" value="2">' in references
    # A back-link to a citation of the first part would point nowhere here.
    assert 'href="#cite-sourcea-1"' not in references
    assert 'href="#cite-sourcea-2"' in references


def test_htmx_appends_the_next_part_and_the_references_so_far(client, long_dossier):
    response = client.get(
        f"{long_dossier.get_absolute_url()}?part=2", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="dossier-toc"' not in html
    assert shown_sections(html) == [f"section-{n}" for n in range(SIZE, 2 * SIZE)]
    assert 'href="?part=3"' in html
    assert "HX-Request" in response["Vary"]
    references = html.split('id="dossier-references" data-hx-swap-oob="true"')[1]
    # The page now holds parts 1 and 2: both citations of A link back.
    assert 'href="#cite-sourcea-1"' in references
    assert 'href="#cite-sourcea-2"' in references


def test_a_part_that_does_not_exist_is_not_found(client, long_dossier):
    response = client.get(f"{long_dossier.get_absolute_url()}?part=5")
    assert response.status_code == 404


@pytest.mark.parametrize("part", ["0", "abc", "-1", "²", "9999999"])
def test_a_part_that_is_not_a_number_is_refused(client, long_dossier, part):
    response = client.get(f"{long_dossier.get_absolute_url()}?part={part}")
    assert response.status_code == 400


def test_a_short_dossier_is_one_page(client, dossier, settings):
    settings.CARRE_DOSSIER_PAGE_SECTIONS = SIZE
    html = client.get(dossier.get_absolute_url()).content.decode()
    assert "dossier-more" not in html
    assert client.get(f"{dossier.get_absolute_url()}?part=2").status_code == 404


def test_part_pages_cost_the_same_queries(client, contributor, long_dossier):
    url = long_dossier.get_absolute_url()
    signed_in = Client()
    signed_in.force_login(contributor)
    counts = set()
    for reader in (client, signed_in):
        for part in (2, 4):
            with CaptureQueriesContext(connection) as rendered:
                assert reader.get(f"{url}?part={part}").status_code == 200
            with CaptureQueriesContext(connection) as cached:
                assert reader.get(f"{url}?part={part}").status_code == 200
            counts.add((reader is client, len(rendered), len(cached)))
    # One count per kind of reader, whatever the part.
    assert len(counts) == 2
    # Anonymous, kept whole: the dossier, the digest, the cited sources' stamp.
    assert next(cached for anonymous, _, cached in counts if anonymous) == 3


def test_a_section_of_a_later_part_is_edited_in_place(
    client, contributor, long_dossier
):
    section = long_dossier.sections.get(anchor="section-120")
    client.force_login(contributor)
    page = client.get(f"{long_dossier.get_absolute_url()}?part=3").content.decode()
    edit_url = reverse("section-edit", args=[long_dossier.slug, section.pk])
    assert f'data-hx-get="{edit_url}"' in page
    form = client.get(edit_url, headers={"HX-Request": "true"}).context["form"]
    response = client.post(
        edit_url,
        {
            "title": section.title,
            "text": "Texte révisé [@sourceb].",
            "summary": "",
            "base_revision": form.initial["base_revision"],
            "action": "save",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Texte révisé" in html
    # Its footnote keeps the whole dossier's number.
    assert numbers_by_section(html)["section-120"] == [("sourceb", "2")]
    # The contents swapped in work from whichever part the page shows.
    assert contents(html)["Section 120"].endswith("?part=3#section-120")
    page = client.get(f"{long_dossier.get_absolute_url()}?part=3").content.decode()
    assert "Texte révisé" in page


def test_contents_swapped_in_after_a_removal_still_reach_every_part(
    client, long_dossier, contributor
):
    # Removing a section inline swaps in new contents: their links must reach
    # the sections of the other parts, not name anchors this page lacks.
    client.force_login(contributor)
    section = long_dossier.sections.get(anchor="section-3")
    response = client.post(
        reverse("section-remove", args=[long_dossier.slug, section.pk]),
        {"summary": "Doublon"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    toc = contents(response.content.decode())
    assert "Section 3" not in toc
    url = long_dossier.get_absolute_url()
    assert toc["Section 120"].startswith(f"{url}?part=3#")
    assert toc["Section 0"] == f"{url}#section-0"
