"""The "Sécurité" page: password, two-factor, sessions and data in one place."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from tests.factories import PASSWORD, make_user

SECURITY = "/accounts/security/"


def log_in(username: str) -> Client:
    """A client logged in through the login form, so its session is recorded."""
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def section(page, name: str) -> str:
    """The HTML of the page's section whose id is `security-<name>`."""
    html = page.content.decode()
    start = html.index(f'id="security-{name}"')
    return html[start : html.index("</section>", start)]


def test_account_menu_links_the_security_page(client, contributor):
    client.force_login(contributor)

    page = client.get("/").content.decode()

    assert f'href="{SECURITY}">Sécurité</a>' in page
    assert reverse("account-security") == SECURITY


def test_security_page_gathers_password_two_factor_sessions_and_data(db):
    make_user("felix")
    client = log_in("felix")

    page = client.get(SECURITY)

    assert page.status_code == 200
    assert 'href="/accounts/password/change/"' in section(page, "password")
    two_factor = section(page, "two-factor")
    assert "Non activée" in two_factor
    assert 'href="/accounts/2fa/totp/activate/"' in two_factor
    assert "Cette session, ouverte le" in section(page, "sessions")
    assert f'href="{reverse("account-export")}"' in section(page, "data")
    assert page["Cache-Control"].startswith("max-age=0")


def test_security_page_shows_other_sessions_and_ends_them(db):
    make_user("felix")
    laptop, phone = log_in("felix"), log_in("felix")

    sessions = section(laptop.get(SECURITY), "sessions")
    assert "Une autre session, ouverte le" in sessions
    assert '<button type="submit">Déconnecter mes autres sessions</button>' in (
        sessions
    )

    response = laptop.post(
        reverse("account-sessions"), {"from": "security"}, follow=True
    )

    assert response.redirect_chain == [(SECURITY, 302)]
    assert "Vous n’êtes connecté nulle part ailleurs." in section(  # noqa: RUF001
        response, "sessions"
    )
    assert phone.get(SECURITY).status_code == 302  # sent to log in
    assert UserSession.objects.count() == 1


def test_security_page_shows_totp_enabled_with_its_recovery_codes(client, contributor):
    TOTP.activate(contributor, generate_totp_secret())
    client.force_login(contributor)

    two_factor = section(client.get(SECURITY), "two-factor")

    assert "<strong>Activée</strong>" in two_factor
    assert 'href="/accounts/2fa/totp/deactivate/"' in two_factor


def test_moderator_with_totp_cannot_be_offered_to_turn_it_off(
    client, moderator, settings
):
    settings.CARRE_MODERATOR_2FA_REQUIRED = True
    TOTP.activate(moderator, generate_totp_secret())
    client.force_login(moderator)

    two_factor = section(client.get(SECURITY), "two-factor")

    assert "/accounts/2fa/totp/deactivate/" not in two_factor
    assert "l’authentification à deux facteurs reste active" in two_factor  # noqa: RUF001


def test_security_page_speaks_english(client, contributor):
    client.force_login(contributor)

    page = client.get(SECURITY, headers={"Accept-Language": "en"})

    html = page.content.decode()
    assert "<h1>Security</h1>" in html
    assert "Set up an authenticator app" in html


def test_visitor_is_sent_to_log_in(client, db):
    response = client.get(SECURITY)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
