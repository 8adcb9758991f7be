from django.db import connection

from dossiers import services as dossier_services
from dossiers.models import Dossier
from forum import services as forum_services
from forum.models import Category
from search.queries import search
from sources import services as source_services
from tests.factories import make_user


def make_category():
    return Category.objects.create(name="Villes", slug="villes")


def test_search_finds_dossier_section_posts_and_sources(client, contributor, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    dossier = dossier_services.create_dossier(
        author=contributor,
        title="Reims",
        kind=Dossier.Kind.CITY,
        summary="La ville a expérimenté un logiciel d'analyse vidéo.",
        status=Dossier.Status.PUBLISHED,
    )
    dossier_services.add_section(
        dossier,
        editor=contributor,
        title="Expérimentation Savari (Thales)",
        text="Le logiciel Savari a été testé par le centre de supervision urbain.",
    )
    forum_services.create_thread(
        category=make_category(),
        author=contributor,
        title="Reims et la vidéosurveillance",
        body="StreetPress révèle que Savari analysait les images des caméras.",
    )
    source_services.add_source_manually(
        added_by=contributor,
        key="streetpress-2023",
        title="Reims expérimente le logiciel Savari de Thales",
        publisher="StreetPress",
    )

    response = client.get("/search/", {"q": "Savari"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Expérimentation Savari (Thales)" in html
    assert "Reims et la vidéosurveillance" in html
    assert "StreetPress" in html
    assert "<mark>Savari</mark>" in html


def test_search_uses_french_stemming(contributor, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    forum_services.create_thread(
        category=make_category(),
        author=contributor,
        title="Caméras",
        body="Les caméras de vidéoprotection se multiplient à Reims.",
    )
    assert len(search(contributor, "caméra").posts) == 1


def test_search_hides_drafts_from_anonymous_and_deleted_posts(contributor, settings):
    from django.contrib.auth.models import AnonymousUser

    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    dossier_services.create_dossier(
        author=contributor, title="Brouillon Savari", kind=Dossier.Kind.TOPIC
    )
    thread = forum_services.create_thread(
        category=make_category(),
        author=contributor,
        title="Sujet",
        body="Un message sur Savari, supprimé ensuite.",
    )
    moderator = make_user(role="moderator")
    forum_services.delete_post(thread.posts.get(), by=moderator, reason="doublon")

    results = search(AnonymousUser(), "Savari")
    assert results.dossiers == []
    assert results.posts == []
    assert [d.title for d in search(contributor, "Savari").dossiers] == [
        "Brouillon Savari"
    ]


def test_search_snippet_escapes_user_markup(client, contributor, settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    forum_services.create_thread(
        category=make_category(),
        author=contributor,
        title="Essai",
        body="Savari <img src=x onerror=alert(1)> et <script>alert(2)</script>",
    )
    html = client.get("/search/", {"q": "Savari"}).content.decode()
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html


def test_search_query_count_does_not_grow(
    client, contributor, settings, django_assert_max_num_queries
):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    category = make_category()
    for n in range(15):
        forum_services.create_thread(
            category=category,
            author=contributor,
            title=f"Savari {n}",
            body=f"Savari, message numéro {n}.",
            enforce_limits=False,
        )
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": "Savari"})
    assert response.content.decode().count('class="snippet"') == 15


def test_post_search_uses_the_gin_index(contributor):
    """With sequential scans discouraged, the plan must go through our index."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    from forum.models import Post

    query = (
        Post.objects.alias(document=SearchVector("body", config="french"))
        .filter(document=SearchQuery("savari", config="french"))
        .values("id")
    )
    with connection.cursor() as cursor:
        # Only bitmap scans remain possible; GIN is the one index that can
        # answer the @@ condition, so the plan names it if the expressions match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_post_body" in plan


def test_empty_query_shows_the_form_only(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()
