"""The home page: what the site holds, what changed, what is open, how to join."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dossiers import services as dossier_services
from facts import services as fact_services
from forum import services as forum_services
from forum.models import Category
from tests.dossiers.conftest import make_dossier

# Exact: the page reads a fixed number of queries, whatever the site holds.
ANONYMOUS_QUERIES = 7


@pytest.fixture(autouse=True)
def forum_settings(settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 1000
    settings.CARRE_SECTION_EDITS_PER_MINUTE = 1000


def fill_site(author, count):
    """`count` dossiers with a place, two sections each (one uncited
    paragraph), a contested cost, and a thread each."""
    category, _created = Category.objects.get_or_create(
        slug="villes", defaults={"name": "Villes"}
    )
    for number in range(count):
        dossier = make_dossier(
            author,
            title=f"Ville {number}",
            place=f"Ville {number}, France",
            latitude=Decimal("49.25"),
            longitude=Decimal("4.03"),
            sections=[("Programme", "Une promesse sans source."), ("Notes", "")],
        )
        for value in (210000, 60000):
            fact_services.add_figure(
                dossier=dossier,
                by=author,
                subject="Coût du logiciel",
                value=value,
                unit="€",
                as_of=datetime.date(2023, 1, 30),
            )
        forum_services.create_thread(
            category=category,
            author=author,
            title=f"Fil {number}",
            body="Une trouvaille.",
            enforce_limits=False,
        )


def test_home_shows_places_changes_questions_threads_and_the_way_in(
    client, contributor
):
    dossier = make_dossier(
        contributor,
        title="Reims",
        place="Reims, Marne",
        latitude=Decimal("49.2583"),
        longitude=Decimal("4.0317"),
        sections=[("Programme 2020", "La reconnaissance faciale était promise.")],
    )
    section = dossier.sections.get()
    dossier_services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text=section.text + "\n\nUn second paragraphe.",
        base_revision=section.current_revision,
        summary="Le reste du programme",
    )
    for value in (210000, 60000):
        fact_services.add_figure(
            dossier=dossier,
            by=contributor,
            subject="Coût du logiciel Savari",
            value=value,
            unit="€",
            as_of=datetime.date(2023, 1, 30),
        )
    # Dated values of one subject are a series, not a disagreement.
    for year, count in ((2021, 225), (2022, 245)):
        fact_services.add_figure(
            dossier=dossier,
            by=contributor,
            subject="Caméras",
            value=count,
            as_of=datetime.date(year, 6, 1),
        )
    category = Category.objects.create(name="Villes", slug="villes")
    forum_services.create_thread(
        category=category,
        author=contributor,
        title="Reims : le logiciel Savari",
        body="Un essai de Thales.",
        enforce_limits=False,
    )

    html = client.get(reverse("home")).content.decode()

    # The place, and the way to the map.
    assert 'href="/dossiers/reims/"' in html
    assert "Reims, Marne" in html
    assert f'href="{reverse("map")}"' in html
    # The latest change: what, who.
    assert "Le reste du programme" in html
    assert "par kanopai" in html
    # Open questions: two paragraphs without a source, the contested cost only.
    assert "2 paragraphes marqués « citation nécessaire »" in html
    assert "1 chiffre contesté : Coût du logiciel Savari" in html
    assert "Caméras" not in html.split('id="home-questions"')[1].split("</section>")[0]
    # The latest thread, and the four steps for a newcomer.
    assert "Reims : le logiciel Savari" in html
    for url in ("account_signup", "guide", "source-add", "dossier-list"):
        assert f'href="{reverse(url)}"' in html


def test_home_hides_drafts_from_readers(client, contributor):
    make_dossier(contributor, title="Brouillon secret", status="draft")
    html = client.get(reverse("home")).content.decode()
    assert "Brouillon secret" not in html


def test_home_tells_a_signed_in_member_they_are_in(client, contributor):
    client.force_login(contributor)
    html = client.get(reverse("home")).content.decode()
    assert "Vous êtes connecté·e en tant que kanopai." in html
    assert f'href="{reverse("account_signup")}"' not in html


def test_home_reads_the_same_number_of_queries_however_much_it_shows(
    client, contributor, django_assert_num_queries
):
    fill_site(contributor, 1)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        assert client.get(reverse("home")).status_code == 200
    fill_site(contributor, 9)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        html = client.get(reverse("home")).content.decode()
    assert "Ville 8" in html


def test_home_speaks_english(client, contributor):
    make_dossier(contributor, title="Reims", sections=[("A", "Sans source.")])
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How to take part" in html
    assert '1 paragraph marked "citation needed"' in html


def test_guide_explains_how_to_cite(client):
    html = client.get(reverse("guide")).content.decode()
    assert "[@key, p. 66-67]" in html
    assert "[@key, 22:50]" in html
