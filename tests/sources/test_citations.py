import pytest

from sources.citations import (
    CiteItem,
    count_uncited_paragraphs,
    locator_url,
    number_citations,
    parse_citations,
    render_with_citations,
    timestamp_seconds,
    validate_citations,
)


def test_parse_citations_reads_pandoc_syntax():
    text = "A [@sp-2023]. B [@rapport, p. 66-67]. C [@video, 15:40]. D [@a; @b, p. 3]."
    assert parse_citations(text) == [
        CiteItem("sp-2023"),
        CiteItem("rapport", "p. 66-67"),
        CiteItem("video", "15:40"),
        CiteItem("a"),
        CiteItem("b", "p. 3"),
    ]


def test_parse_citations_ignores_code_links_and_emails():
    text = "`[@code]` and [@link](https://ex.org) and mail@ex.org\n\n    [@block]\n"
    assert parse_citations(text) == []


@pytest.mark.django_db
def test_render_with_citations_makes_markers(make_source):
    make_source("rapport-2023")
    rendered = render_with_citations("Le rapport [@rapport-2023, p. 66-67] le dit.")
    assert rendered.keys == ["rapport-2023"]
    assert rendered.unknown_keys == []
    assert '<sup class="citation">' in rendered.html
    assert 'href="/sources/rapport-2023/"' in rendered.html
    assert '<span class="citation-locator">p. 66-67</span>' in rendered.html


def test_render_with_citations_warns_of_unknown_keys():
    rendered = render_with_citations("Voir [@inconnu].", known_keys=set())
    assert rendered.unknown_keys == ["inconnu"]
    assert 'class="citation-missing"' in rendered.html
    assert "inconnu" in rendered.html
    assert "citation-ref" not in rendered.html


def test_render_with_citations_escapes_locators():
    rendered = render_with_citations(
        'Voir [@a, p. <script>alert("x")</script>].', known_keys={"a"}
    )
    assert "<script>" not in rendered.html


def test_validate_citations_lists_unknown_keys_in_french(settings):
    from django.utils import translation

    with translation.override("fr"):
        errors = validate_citations("[@connu] [@absent]", known_keys={"connu"})
    assert len(errors) == 1
    assert "absent" in errors[0]
    assert "Aucune source" in errors[0]


def test_number_citations_reuses_one_number_per_source():
    sources = {"a": object(), "b": object()}
    first = render_with_citations("X [@a]. Y [@b, p. 2].", known_keys=sources)
    second = render_with_citations("Z [@a, p. 9]. W [@b].", known_keys=sources)
    page = number_citations([first.html, second.html], sources=sources)
    assert [ref.key for ref in page.references] == ["a", "b"]
    assert [ref.number for ref in page.references] == [1, 2]
    a, _b = page.references
    assert [mark.anchor for mark in a.marks] == ["cite-a-1", "cite-a-2"]
    assert [mark.label for mark in a.marks] == ["a", "b"]
    assert [mark.locator for mark in a.marks] == ["", "p. 9"]
    assert page.fragments[1].count('href="#ref-a">[1]</a>') == 1
    assert 'id="cite-b-2"' in page.fragments[1]
    assert 'href="#ref-b">[2]</a>' in page.fragments[0]


def test_number_citations_turns_deleted_sources_into_warnings():
    html = render_with_citations("X [@gone].", known_keys={"gone"}).html
    page = number_citations([html], sources={})
    assert page.references == []
    assert "citation-missing" in page.fragments[0]


def test_number_citations_links_video_timestamps():
    class Video:
        url = "https://www.youtube.com/watch?v=abc"

    html = render_with_citations("Le maire [@conseil, 15:40].", known_keys={"conseil"})
    page = number_citations([html.html], sources={"conseil": Video()})
    mark = page.references[0].marks[0]
    assert mark.locator_url == "https://www.youtube.com/watch?v=abc&t=940s"


@pytest.mark.parametrize(
    ("locator", "seconds"),
    [
        ("15:40", 940),
        ("1:02:03", 3723),
        ("22min50", 1370),
        ("26 min", 1560),
        ("p. 66", None),
        ("12:75", None),
    ],
)
def test_timestamp_seconds(locator, seconds):
    assert timestamp_seconds(locator) == seconds


def test_locator_url_for_media_files_and_unknown_hosts():
    assert locator_url("https://ex.org/v.mp4", "1:00") == "https://ex.org/v.mp4#t=60"
    assert locator_url("https://vimeo.com/1", "1:00") == "https://vimeo.com/1#t=60s"
    assert locator_url("https://videos.example/seance", "1:00") == ""


def test_uncited_paragraphs_are_counted_and_marked():
    html = render_with_citations(
        "Cité [@a].\n\nPas cité.\n\n> Une citation.\n\nEncore sans source.",
        known_keys={"a"},
    ).html
    assert count_uncited_paragraphs(html) == 2
    page = number_citations([html], sources={"a": object()}, mark_uncited=True)
    assert page.uncited_paragraphs == 2
    assert page.fragments[0].count('<i class="cn">') == 2


@pytest.mark.django_db
def test_references_template_lists_sources_with_backlinks(make_source):
    from django.template import Context, Template

    make_source("conseil", url="https://www.youtube.com/watch?v=x", title="Conseil")
    make_source("rapport", title="Rapport", paywalled=True)

    class Item:
        def __init__(self, text):
            self.html = render_with_citations(text).html

    items = [
        Item("Coût [@conseil, 22:50] et [@rapport, p. 66-67]."),
        Item("Réponse [@conseil, 26:00].\n\nSans source."),
    ]
    html = Template(
        "{% load sources_citations %}"
        "{% citation_page items mark_uncited=True as citation_page %}"
        "{% for item in items %}{{ item.cited_html }}{% endfor %}"
        '{% include "sources/_references.html" %}'
    ).render(Context({"items": items}))
    assert '<li id="ref-conseil" class="reference" value="1">' in html
    assert 'href="#cite-conseil-1"' in html and 'href="#cite-conseil-2"' in html
    assert 'href="https://www.youtube.com/watch?v=x&amp;t=1370s"' in html
    assert "p. 66-67" in html
    assert 'id="cite-rapport-1"' in html
    assert "citation-needed-count" in html
