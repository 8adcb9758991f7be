"""Failures outside the views answer a page that says what happened.

- While the database is down, every reader (signed in or not) gets the 503
  "back in a moment" page with Retry-After and the security headers, whichever
  middleware met the outage first.
- A request over Django's size limits gets the error page in the site's
  layout, with the limit in words, not a bare 400.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from carre.views import server_error
from tests.factories import make_user

HTMX = {"HTTP_HX_REQUEST": "true"}


def assert_security_headers(response) -> None:
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- The database is down ----------------------------------------------------


@pytest.fixture
def signed_in_client(transactional_db):
    """A reader with a real session, whose requests do not raise in the test."""
    client = Client(raise_request_exception=False)
    client.force_login(make_user("lectrice"))
    return client


@pytest.fixture
def database_down(transactional_db):
    """PostgreSQL unreachable from the next query on: its socket is elsewhere."""
    settings_dict = connection.settings_dict
    port = settings_dict.get("PORT")
    connection.close()
    settings_dict["PORT"] = "1"
    yield
    connection.close()
    settings_dict["PORT"] = port


def assert_outage_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "De retour dans un instant" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/", "/forum/", "/dossiers/", "/sources/"])
def test_signed_in_reader_gets_the_outage_page(signed_in_client, database_down, path):
    assert_outage_page(signed_in_client.get(path))


def test_signed_in_form_post_gets_the_outage_page(signed_in_client, database_down):
    response = signed_in_client.post(
        reverse("source-add"), {"mode": "url", "url-url": "https://example.org/"}
    )
    assert_outage_page(response)


def test_signed_in_htmx_request_gets_the_outage_page(signed_in_client, database_down):
    assert_outage_page(signed_in_client.get("/sources/?q=reims", **HTMX))


def test_anonymous_reader_gets_the_outage_page(transactional_db, database_down):
    client = Client(raise_request_exception=False)
    assert_outage_page(client.get("/forum/"))


def test_only_a_database_outage_turns_a_server_error_into_503(rf):
    # handler500 is called while Django handles the exception.
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    try:
        raise ValueError("a bug is still a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


# --- Over Django's request limits --------------------------------------------


def big_form(size: int) -> str:
    return "title=" + "x" * size


def test_form_over_the_size_limit_gets_the_page_with_the_limit(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        big_form(3 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "Le formulaire envoyé dépasse la taille maximale de 2,5 Mo." in body
    # In the site's layout, not a bare "Bad Request".
    assert 'class="site-header"' in body
    assert_security_headers(response)


def test_size_limit_follows_the_setting_and_the_language(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("account_login"),
        big_form(2 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert (
        "The form you sent exceeds the maximum size of 1 MB."
        in response.content.decode()
    )


def test_htmx_form_over_the_size_limit_gets_the_message_alone(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        big_form(3 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
        **HTMX,
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "dépasse la taille maximale de 2,5 Mo." in body
    assert "site-header" not in body


def test_form_with_too_many_fields_says_how_many_are_allowed(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        "&".join(f"f{i}=x" for i in range(1_001)),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Le formulaire envoyé contient trop de champs (1000 au plus)." in body
    assert 'class="site-header"' in body


def test_form_with_too_many_files_says_how_many_are_allowed(client, contributor):
    client.force_login(contributor)
    files = [SimpleUploadedFile(f"p{i}.png", b"x") for i in range(101)]
    response = client.post(reverse("source-add"), {"mode": "upload", "f": files})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Le formulaire envoyé contient trop de fichiers (100 au plus)." in body
