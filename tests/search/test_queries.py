import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from dossiers import services as dossier_services
from facts import services as fact_services
from forum import services as forum_services
from forum.models import Post
from search.queries import CANDIDATES, MAX_PAGE, PAGE_SIZE, Criteria, parse, search
from tests.factories import make_user
from tests.search.conftest import make_dossier, make_thread, titles


@pytest.fixture
def reims(contributor):
    dossier = make_dossier(
        contributor,
        summary="La ville a expérimenté un logiciel d'analyse vidéo de Thalès.",
    )
    dossier_services.add_section(
        dossier,
        editor=contributor,
        title="Vidéoprotection en chiffres",
        text="Les caméras de vidéosurveillance sont passées de 225 à 245.",
    )
    return dossier


@pytest.mark.parametrize(
    "typed",
    ["videosurveillance", "VIDÉOSURVEILLANCE", "vidéosurveillance", "videosurv"],
)
def test_search_forgets_accents_and_case_and_finds_prefixes(contributor, reims, typed):
    assert titles(contributor, typed) == ["Vidéoprotection en chiffres"]


def test_search_finds_an_accented_query_in_plain_text(contributor):
    make_thread(contributor, "Thales à Reims", "Le fournisseur est Thales.")
    assert titles(contributor, "Thalès") == ["Thales à Reims", "Thales à Reims"]


def test_search_keeps_french_stemming(contributor):
    make_thread(contributor, "Parc", "Une caméra de plus chaque année.")
    assert titles(contributor, "cameras") == ["Parc"]
    assert titles(contributor, "réquisitions") == []
    make_thread(contributor, "Police", "Une réquisition judiciaire des images.")
    assert titles(contributor, "requisitions") == ["Police"]


def test_search_words_before_the_last_also_match_as_prefixes(contributor):
    make_thread(contributor, "Logiciel", "Pas de reconnaissance faciale, dit le maire.")
    assert titles(contributor, "recon faciale") == ["Logiciel"]
    assert titles(contributor, "recon faciale -maire") == []


def test_search_phrase_and_or(contributor):
    make_thread(contributor, "Un", "Le centre de supervision urbain.")
    make_thread(contributor, "Deux", "Urbain, le centre ? Supervision ailleurs.")
    assert titles(contributor, '"centre de supervision"') == ["Un"]
    assert sorted(titles(contributor, "supervision OR drone")) == ["Deux", "Un"]


def test_search_ignores_a_text_of_stop_words_and_signs(contributor):
    make_thread(contributor, "Le titre", "Un message.")
    assert titles(contributor, "le la ! ( ) :*") == []
    assert parse("'&|!") is None


def test_search_ranks_a_title_above_a_body(contributor):
    make_thread(contributor, "Autre chose", "Il y est question de Savari en passant.")
    make_thread(contributor, "Savari", "Le logiciel.")
    assert titles(contributor, "savari")[0] == "Savari"


def test_search_finds_facts(contributor, reims):
    thales = fact_services.add_actor(
        dossier=reims, by=contributor, name="Thalès", kind="vendor"
    )
    fact_services.add_deployment(
        dossier=reims,
        by=contributor,
        technology="algorithmic_video",
        status="abandoned",
        name="Savari",
        vendor=thales,
    )
    fact_services.add_figure(
        dossier=reims,
        by=contributor,
        subject="Coût du logiciel",
        value=210000,
        unit="€",
        note="Selon l'opposition.",
    )
    fact_services.add_event(
        dossier=reims,
        by=contributor,
        date=datetime.date(2023, 1, 30),
        title="Conseil municipal",
        description="Le logiciel est débattu.",
    )
    results = search(contributor, Criteria(text="logiciel", kind="fact"))
    assert {hit.kind for hit in results.hits} == {"figure", "event"}
    assert titles(contributor, "thales", kind="fact") == ["Thalès"]
    assert titles(contributor, "savari") == ["Savari"]


def test_search_finds_deployments_by_their_technology_name(contributor, reims):
    fact_services.add_deployment(
        dossier=reims,
        by=contributor,
        technology="facial_recognition",
        status="planned",
    )
    found = search(contributor, Criteria(text="recon faciale")).hits
    assert [hit.kind for hit in found] == ["deployment"]


def test_search_filters_by_kind_dossier_author_and_dates(contributor, reims):
    other = make_user("autre")
    make_dossier(other, "Nice", summary="Des caméras partout.")
    make_thread(other, "Caméras à Nice", "Encore des caméras.")
    assert set(titles(contributor, "camera")) == {
        "Vidéoprotection en chiffres",
        "Nice",
        "Caméras à Nice",
    }
    assert titles(contributor, "camera", kind="thread") == ["Caméras à Nice"]
    assert titles(contributor, "camera", dossier=reims) == [
        "Vidéoprotection en chiffres"
    ]
    assert set(titles(contributor, "camera", author=other)) == {
        "Nice",
        "Caméras à Nice",
    }
    today = datetime.date.today()
    tomorrow = today + datetime.timedelta(days=1)
    assert titles(contributor, "camera", since=tomorrow) == []
    assert len(titles(contributor, "camera", since=today, until=today)) == 4


def test_search_shows_drafts_only_to_contributors(contributor):
    make_dossier(contributor, "Brouillon Savari", status="draft")
    assert titles(None, "Savari") == []
    assert titles(contributor, "Savari") == ["Brouillon Savari"]


def test_search_hides_deleted_posts_and_others_pending_ones(
    contributor, moderator, settings
):
    thread = make_thread(contributor, "Sujet", "Un message sur Savari.")
    forum_services.delete_post(thread.posts.get(), by=moderator, reason="doublon")
    assert titles(None, "Savari") == []
    assert titles(moderator, "Savari") == []

    settings.CARRE_NEW_USER_QUEUE_POSTS = 5
    newcomer = make_user("nouveau")
    waiting = make_thread(contributor, "Attente", "Un premier message.")
    forum_services.post_reply(waiting, author=newcomer, body="En attente : Savari.")
    assert titles(None, "Savari") == []
    assert titles(contributor, "Savari") == []
    assert titles(newcomer, "Savari") == ["Attente"]
    assert titles(moderator, "Savari") == ["Attente"]


def test_search_hides_removed_sections_and_facts(contributor, moderator, reims):
    section = reims.sections.get()
    dossier_services.remove_section(section, editor=moderator)
    figure = fact_services.add_figure(
        dossier=reims, by=contributor, subject="Caméras", value=245
    )
    fact_services.remove_fact(figure, by=moderator)
    assert titles(contributor, "camera") == []
    assert titles(moderator, "camera") == []


def test_search_finds_nothing_in_an_empty_query(contributor):
    assert search(AnonymousUser(), Criteria(text="   ")).hits == []


def test_search_a_word_in_many_posts_ranks_the_most_recent_ones(contributor):
    """Past CANDIDATES matches, the most recent ones are ranked (found by
    walking back from the newest post, not by reading every match)."""
    thread = make_thread(contributor, "Fil", "Ouverture.")
    Post.objects.bulk_create(
        Post(thread=thread, author=contributor, body=f"Une caméra, la {n}.", html="")
        for n in range(CANDIDATES + 30)
    )
    newest = Post.objects.latest("pk")
    results = search(contributor, Criteria(text="camera", kind="post"))
    assert results.hits[0].url == newest.get_absolute_url()
    assert results.has_next
    last = search(contributor, Criteria(text="camera", kind="post", page=MAX_PAGE))
    assert len(last.hits) == PAGE_SIZE
    assert not last.has_next
    oldest = Post.objects.filter(body__startswith="Une caméra").earliest("pk")
    assert oldest.get_absolute_url() not in {hit.url for hit in last.hits}
