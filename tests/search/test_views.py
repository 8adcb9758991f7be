import pytest

from tests.search.conftest import make_dossier, make_source, make_thread

HOSTILE = 'Savari <img src=x onerror=alert(1)> <script>alert(2)</script> "><b>gras</b>'


def test_search_page_shows_one_ranked_list_with_marks(client, contributor):
    dossier = make_dossier(contributor, summary="Le logiciel Savari de Thalès.")
    make_thread(contributor, "Reims et la vidéosurveillance", "Savari analysait.")
    make_source(contributor, "streetpress-2023", title="Le logiciel Savari")
    response = client.get("/search/", {"q": "savari"})
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.get_absolute_url() in html
    assert "Reims et la vidéosurveillance" in html
    assert "/sources/streetpress-2023/" in html
    assert "<mark>Savari</mark>" in html
    assert 'aria-live="polite"' in html


def test_search_snippet_lets_no_markup_through(client, contributor):
    make_thread(contributor, "Essai", HOSTILE)
    html = client.get("/search/", {"q": "savari"}).content.decode()
    assert "<mark>Savari</mark>" in html
    assert "<img" not in html
    assert "<script>alert" not in html
    assert "<b>gras" not in html
    assert "&lt;img src=x" in html


def test_search_htmx_answers_the_results_region_only(client, contributor):
    make_thread(contributor, "Vidéosurveillance", "Le centre de supervision.")
    response = client.get(
        "/search/", {"q": "videosurv"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="search-results"')
    assert "Vidéosurveillance" in html
    assert "<form" not in html
    assert "HX-Request" in response["Vary"]


def test_search_history_restore_gets_the_whole_page(client, db):
    response = client.get(
        "/search/",
        {"q": "reims"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<form" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "nimporte"}, "nimporte"),
        ({"dossier": "inconnu"}, "Ce dossier n\u2019existe pas"),
        ({"author": "personne"}, "Aucun membre ne s\u2019appelle « personne »"),
        ({"since": "32/13/2023"}, "Saisissez une date valide"),
        ({"since": "2023-02-01", "until": "2023-01-01"}, "avant la date de début"),
        ({"page": "²"}, "Saisissez un nombre entier"),
        ({"page": "99999999999999999999999"}, "inférieure ou égale"),
        ({"q": "x" * 201}, "au plus 200"),
    ],
)
def test_search_refuses_bad_filters_with_a_message(client, db, params, message):
    response = client.get(
        "/search/", {"q": "reims", **params}, headers={"Accept-Language": "fr"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'role="alert"' in html


def test_search_accepts_french_dates(client, contributor):
    make_thread(contributor, "Caméras", "Des caméras.")
    response = client.get(
        "/search/", {"q": "camera", "since": "01/01/2020", "until": "31/12/2099"}
    )
    assert response.status_code == 200
    assert "Caméras" in response.content.decode()


def test_search_hides_a_draft_dossier_from_the_filter_of_anonymous(client, contributor):
    draft = make_dossier(contributor, "Brouillon", status="draft")
    response = client.get("/search/", {"q": "reims", "dossier": draft.slug})
    assert response.status_code == 400


def test_search_empty_query_shows_the_form_only(client, db):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-q"' in html
    assert '<label for="search-q">' in html


def test_search_query_count_does_not_grow(
    client, contributor, django_assert_max_num_queries
):
    dossier = make_dossier(contributor, summary="Savari.")
    for n in range(15):
        make_thread(contributor, f"Savari {n}", f"Savari, message numéro {n}.")
    with django_assert_max_num_queries(12):
        response = client.get(
            "/search/", {"q": "Savari", "dossier": dossier.slug, "author": "kanopai"}
        )
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        response = client.get("/search/", {"q": "Savari"})
    assert response.content.decode().count('class="search-hit ') == 20
