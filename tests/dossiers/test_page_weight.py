"""The weight of the dossier page's HTML per section (issue 12: no heavier than
django-wiki's for the same text)."""

from django.test import Client

from dossiers import services
from dossiers.benchmark import PARAGRAPH
from tests.dossiers.conftest import make_dossier

# Bytes a section adds to the page (anonymous, French) beyond the HTML of its
# Markdown: its <section>, heading and permalink, the "citation needed" marks
# of its three unsourced paragraphs, its footer (version, author, date,
# history link) and its line in the contents: 549 when this was written (873
# before issue 12, 606 with each section a named landmark), plus room for a
# longer month name or section id. Guards the markup repeated per section in
# dossier_detail.html#section and sources.citations.mark_uncited_paragraphs.
SECTION_MARKUP_BUDGET = 565


def _page_bytes(dossier) -> int:
    response = Client().get(dossier.get_absolute_url())
    assert response.status_code == 200
    return len(response.content)


def _add_sections(dossier, author, numbers) -> int:
    """Add the benchmark's sections numbered `numbers`; their HTML's bytes."""
    html = 0
    for n in numbers:
        section = services.add_section(
            dossier,
            editor=author,
            title=f"Section {n}",
            text=PARAGRAPH.format(n=n) * 3,
        )
        html += len(section.html.encode())
    return html


def test_dossier_page_markup_per_section_stays_within_budget(contributor):
    dossier = make_dossier(contributor, title="Banc d'essai")
    _add_sections(dossier, contributor, range(10, 20))
    before = _page_bytes(dossier)
    added_html = _add_sections(dossier, contributor, range(20, 30))
    after = _page_bytes(dossier)

    per_section = (after - before - added_html) / 10
    assert per_section <= SECTION_MARKUP_BUDGET
