"""The language switch: no CSRF token (anonymous pages set no cookie), but a
cross-site post is refused by what the browser says of its origin."""

from django.conf import settings
from django.test import Client
from django.urls import reverse


def switch(client, **headers):
    return client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, headers=headers
    )


def test_language_switch_works_without_a_token_from_our_own_pages(db):
    client = Client(enforce_csrf_checks=True)
    response = switch(client, **{"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = switch(client, Origin="http://testserver")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_refuses_a_cross_site_post(db):
    client = Client(enforce_csrf_checks=True)
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ):
        response = switch(client, **headers)
        assert response.status_code == 403, headers
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_anonymous_pages_carry_no_token_and_set_no_cookie(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert not response.cookies
    content = response.content.decode()
    assert "csrfmiddlewaretoken" not in content
    assert "X-CSRFToken" not in content
    assert 'action="/i18n/setlang/"' in content
