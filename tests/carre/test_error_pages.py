"""Error pages speak the visitor's language, in the site's layout.

404, 403 and 429 use the full layout; 500 and 503 a layout without anything
read from the database (the database may be what failed). Every page keeps
the Content-Security-Policy and carries no inline script. A 500 mails the
admins a report without addresses, cookies or query strings.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from carre import urls as carre_urls
from dossiers.models import Dossier
from tests.dossiers.conftest import make_dossier


def _broken_view(request):
    raise RuntimeError("the broken view failed")


# This module is the URLconf of the tests that need a view that fails.
urlpatterns = [path("broken/", _broken_view), *carre_urls.urlpatterns]
handler400 = carre_urls.handler400
handler403 = carre_urls.handler403
handler404 = carre_urls.handler404
handler500 = carre_urls.handler500

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request leaves its language active in this thread: back to French."""
    yield
    translation.deactivate()


def assert_error_page(response, status: int, *, language: str, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    # The site's header and footer, with the way back.
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert f'href="{reverse("home")}"' in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html
    assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    return html


@pytest.fixture
def database_down(transactional_db):
    """PostgreSQL unreachable from the next query on."""
    settings_dict = connection.settings_dict
    port = settings_dict.get("PORT")
    connection.close()
    settings_dict["PORT"] = "1"
    yield
    connection.close()
    settings_dict["PORT"] = port


# --- 404 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "language", "heading", "text"),
    [
        (FRENCH, "fr", "Page introuvable", "Chercher dans le forum"),
        (ENGLISH, "en", "Page not found", "Search the forum"),
    ],
)
def test_page_not_found_in_the_layout_with_search(
    client, db, headers, language, heading, text
):
    response = client.get("/no-such-page/", **headers)

    html = assert_error_page(response, 404, language=language, heading=heading)
    assert text in html
    assert f'action="{reverse("search")}"' in html


def test_missing_dossier_is_the_404_page(client, db):
    response = client.get(reverse("dossier-detail", args=["nowhere"]), **FRENCH)

    assert_error_page(response, 404, language="fr", heading="Page introuvable")


def test_api_not_found_answers_json(client, db):
    response = client.get("/api/v1/no-such-endpoint", **ENGLISH)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


# --- 403 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "language", "heading", "message"),
    [
        (FRENCH, "fr", "Accès refusé", "Ce dossier est verrouillé"),
        (ENGLISH, "en", "Access refused", "This dossier is locked"),
    ],
)
def test_permission_denied_says_why(
    client, contributor, other_contributor, headers, language, heading, message
):
    dossier = make_dossier(other_contributor, title="Reims")
    Dossier.objects.filter(pk=dossier.pk).update(locked=True)
    client.force_login(contributor)
    # The profile's language would win over the browser's.
    contributor.language = ""
    contributor.save(update_fields=["language"])

    response = client.get(reverse("dossier-edit", args=[dossier.slug]), **headers)

    html = assert_error_page(response, 403, language=language, heading=heading)
    assert message in html


# --- 429 ----------------------------------------------------------------------


@pytest.fixture
def clean_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("headers", "language", "heading"),
    [(FRENCH, "fr", "Trop de tentatives"), (ENGLISH, "en", "Too many attempts")],
)
def test_too_many_signups_get_the_429_page(
    client, db, clean_rate_limits, headers, language, heading
):
    # allauth allows 20 sign-up attempts an hour from one address.
    for _attempt in range(20):
        client.post(reverse("account_signup"), {"username": ""}, **headers)

    response = client.post(reverse("account_signup"), {"username": ""}, **headers)

    assert_error_page(response, 429, language=language, heading=heading)


# --- 500 ----------------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("headers", "language", "heading"),
    [
        (FRENCH, "fr", "Une erreur est survenue"),
        (ENGLISH, "en", "Something went wrong"),
    ],
)
def test_server_error_page_reads_nothing_from_the_database(
    db, django_assert_num_queries, headers, language, heading
):
    client = Client(raise_request_exception=False)

    with django_assert_num_queries(0):
        response = client.get("/broken/", **headers)

    assert_error_page(response, 500, language=language, heading=heading)


@pytest.mark.urls(__name__)
def test_server_error_page_while_the_database_is_down(database_down):
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", **ENGLISH)

    assert_error_page(response, 500, language="en", heading="Something went wrong")


@pytest.mark.urls(__name__)
def test_server_error_page_follows_the_language_cookie(db):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"

    response = client.get("/broken/", **FRENCH)

    assert_error_page(response, 500, language="en", heading="Something went wrong")


@pytest.mark.urls(__name__)
def test_server_error_page_shows_no_account(db, contributor):
    client = Client(raise_request_exception=False)
    client.force_login(contributor)

    html = client.get("/broken/", **FRENCH).content.decode()

    assert contributor.username not in html
    assert "csrfmiddlewaretoken" not in html


# --- 503 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "language", "heading"),
    [(FRENCH, "fr", "De retour dans un instant"), (ENGLISH, "en", "Back in a moment")],
)
def test_outage_page_in_the_layout(database_down, headers, language, heading):
    client = Client(raise_request_exception=False)

    response = client.get("/forum/", **headers)

    assert_error_page(response, 503, language=language, heading=heading)


# --- The report mailed to the admins -----------------------------------------


@pytest.mark.urls(__name__)
def test_server_error_mails_the_admins_without_personal_data(db, settings, mailoutbox):
    settings.ADMINS = ["Équipe technique <ops@example.org>"]
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "secret-session-value"

    client.get(
        "/broken/?q=personal+words",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_USER_AGENT="Firefox of a reader",
    )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["Équipe technique <ops@example.org>"]
    assert "/broken/" in mail.subject
    assert "the broken view failed" in mail.body
    for private in (
        "203.0.113.9",
        "198.51.100.7",
        "secret-session-value",
        "personal",
        "Firefox of a reader",
    ):
        assert private not in mail.body
        assert private not in mail.subject


@pytest.mark.urls(__name__)
def test_server_error_mails_nobody_without_admins(db, settings, mailoutbox):
    settings.ADMINS = []
    Client(raise_request_exception=False).get("/broken/")

    assert mailoutbox == []


@pytest.mark.urls(__name__)
def test_server_error_mails_nobody_without_a_mail_server(db, settings, mailoutbox):
    """Printed to the log, the report would only repeat the traceback."""
    settings.ADMINS = ["ops@example.org"]
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }

    Client(raise_request_exception=False).get("/broken/")

    assert mailoutbox == []
