import re
from pathlib import Path

from django.conf import settings

from tests.factories import make_user


def test_home_shows_empty_states_and_landmarks(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html
    assert 'href="#main"' in html


def test_home_in_english_from_the_browser_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()
    assert "Latest threads" in response.content.decode()


def test_header_shows_the_signed_in_name(client, db):
    client.force_login(make_user("felix", display_name="Felix"))
    html = client.get("/").content.decode()
    assert 'class="account-name">Felix<' in html


def test_profile_edit_keeps_typed_values_on_error(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/accounts/profile/",
        {"display_name": "Kano", "language": "xx", "email_notifications": "on"},
    )
    assert response.status_code == 200
    assert 'value="Kano"' in response.content.decode()
    contributor.refresh_from_db()
    assert contributor.display_name == "kanopai"


def test_profile_edit_saves(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/accounts/profile/", {"display_name": "Kano", "language": "en"}
    )
    assert response.status_code == 302
    contributor.refresh_from_db()
    assert (contributor.display_name, contributor.language) == ("Kano", "en")


def test_no_template_loads_from_another_origin():
    pattern = re.compile(
        r"<(script|link|img|iframe|source|video|audio)[^>]*(src|href)=[\"']"
        r"(https?:)?//",
        re.IGNORECASE,
    )
    offenders = []
    roots = [Path(settings.BASE_DIR)]
    for root in roots:
        for path in root.glob("**/templates/**/*.html"):
            if ".venv" in path.parts:
                continue
            if pattern.search(path.read_text()):
                offenders.append(str(path))
    assert offenders == []


def test_healthz_reports_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok", "status": "ok"}


def test_profile_language_wins_over_the_browser_but_not_the_switch(client, db):
    client.force_login(make_user("felix", language="en"))
    assert (
        '<html lang="en">'
        in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert (
        '<html lang="fr">'
        in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
