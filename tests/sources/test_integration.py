"""Citations wired into dossiers and the forum (rendering, sync, references)."""

import pytest
from django.core.exceptions import ValidationError

from dossiers import services as dossier_services
from sources.models import Citation, Source


@pytest.fixture
def reims(contributor):
    return dossier_services.create_dossier(
        author=contributor, title="Reims", kind="city", status="published"
    )


@pytest.fixture
def library(make_source):
    return {
        "conseil": make_source(
            "conseil-reims-2023-01-30",
            url="https://www.videliostreaming.com/Reims/ville-de-reims/2023-01-30_18/",
            title="Conseil municipal du 30 janvier 2023",
            kind="video",
        ),
        "rapport": make_source("rapport-an", title="Rapport d'information"),
    }


def test_dossier_page_numbers_citations_and_lists_references(
    client, reims, library, contributor, django_assert_max_num_queries
):
    dossier_services.add_section(
        reims,
        editor=contributor,
        title="Savari",
        text=(
            "Le coût annoncé diffère [@conseil-reims-2023-01-30, 22:50].\n\n"
            "Le rapport en parle [@rapport-an, p. 66-67].\n\n"
            "Un paragraphe sans source."
        ),
    )
    dossier_services.add_section(
        reims,
        editor=contributor,
        title="Coût",
        text="Le maire répond [@conseil-reims-2023-01-30, 26:00].",
    )
    response = client.get(reims.get_absolute_url())
    body = response.content.decode()
    assert 'href="#ref-conseil-reims-2023-01-30">[1]</a>' in body
    assert 'href="#ref-rapport-an">[2]</a>' in body
    assert body.count('href="#ref-conseil-reims-2023-01-30">[1]</a>') == 2
    assert 'id="ref-conseil-reims-2023-01-30"' in body
    assert 'href="#cite-conseil-reims-2023-01-30-2"' in body
    assert "Références" in body
    assert "1 paragraphe sans citation" in body
    assert "citation nécessaire" in body


def test_saving_a_section_syncs_its_citations(reims, library, contributor):
    section = dossier_services.add_section(
        reims, editor=contributor, title="Savari", text="[@rapport-an, p. 66-67]"
    )
    citation = Citation.objects.get()
    assert citation.content_object == section
    assert citation.locator == "p. 66-67"
    dossier_services.save_section(
        section,
        editor=contributor,
        title="Savari",
        text="Plus de source ici [@conseil-reims-2023-01-30].",
        base_revision=section.current_revision,
    )
    assert list(Citation.objects.values_list("source__key", flat=True)) == [
        "conseil-reims-2023-01-30"
    ]


def test_unknown_key_is_refused_on_save_with_a_clear_message(reims, contributor):
    with pytest.raises(ValidationError) as error:
        dossier_services.add_section(
            reims, editor=contributor, title="Savari", text="Voir [@inconnue]."
        )
    assert "inconnue" in str(error.value.message_dict["text"])


def test_section_rendering_warns_of_unknown_keys(db):
    from dossiers.rendering import render_section

    assert "citation-missing" in render_section("Voir [@nulle-part].")


def test_source_page_lists_the_dossier_section(client, reims, library, contributor):
    dossier_services.add_section(
        reims, editor=contributor, title="Savari", text="[@rapport-an, p. 66]"
    )
    body = client.get(library["rapport"].get_absolute_url()).content.decode()
    assert "/dossiers/reims/#savari" in body
    assert "p. 66" in body
    assert Source.objects.get(key="rapport-an").citations.count() == 1


@pytest.fixture
def thread(db, contributor, settings):
    from forum import services as forum_services
    from forum.models import Category

    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    category = Category.objects.create(name="Villes", slug="villes")
    return forum_services.create_thread(
        category=category,
        author=contributor,
        title="Reims : le logiciel Savari",
        body="La ville a testé le logiciel Savari de Thales.",
    )


def test_forum_post_cites_a_source(thread, library, other_contributor):
    from forum import services as forum_services

    post = forum_services.post_reply(
        thread,
        author=other_contributor,
        body="Le coût est cité en séance [@conseil-reims-2023-01-30, 22:50].",
    )
    assert 'class="citation"' in post.html
    assert 'href="/sources/conseil-reims-2023-01-30/"' in post.html
    citation = Citation.objects.get(object_id=post.pk)
    assert citation.locator == "22:50"
    assert citation.content_object == post


def test_forum_post_with_unknown_key_is_refused(thread, other_contributor):
    from forum import services as forum_services

    with pytest.raises(ValidationError) as error:
        forum_services.post_reply(
            thread, author=other_contributor, body="Voir [@nulle-part]."
        )
    assert "nulle-part" in str(error.value)
