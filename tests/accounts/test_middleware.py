"""Two-factor authentication required of staff, superusers and moderators."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.factories import PASSWORD, make_user

SET_UP = "/accounts/2fa/totp/activate/"
MESSAGE_FR = "il doit donc être protégé par l\u2019authentification à deux facteurs"
MESSAGE_EN = "so it must be protected by two-factor authentication"

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.CARRE_MODERATOR_2FA_REQUIRED = True


def log_in(client, user) -> None:
    """Through the login form: allauth's set-up asks for a recent login."""
    response = client.post(
        "/accounts/login/", {"login": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def staff_member():
    return make_user("gardien", is_staff=True)


@pytest.mark.parametrize(
    "make", [lambda: make_user("alouette", role="moderator"), staff_member]
)
def test_account_with_a_role_and_no_totp_is_sent_to_set_it_up(client, required, make):
    log_in(client, make())

    for url in ("/", "/forum/", "/sources/", "/admin/", "/accounts/profile/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SET_UP

    # allauth asks for the password again (ACCOUNT_REAUTHENTICATION_REQUIRED)
    # before the set-up; the message says why the moderator is there.
    page = client.get("/", follow=True)
    assert page.redirect_chain[0] == (SET_UP, 302)
    assert page.status_code == 200
    assert MESSAGE_FR in page.content.decode()


def test_the_message_speaks_english_to_an_english_reader(client, required):
    log_in(client, make_user("alouette", role="moderator", language="en"))

    page = client.get("/", follow=True)

    assert page.redirect_chain[0] == (SET_UP, 302)
    assert MESSAGE_EN in page.content.decode()


def test_htmx_request_is_sent_to_set_up_by_a_client_redirect(client, required):
    client.force_login(make_user("alouette", role="moderator"))

    response = client.get("/forum/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == SET_UP


def test_pages_needed_on_the_way_stay_open(client, required):
    client.force_login(make_user("alouette", role="moderator"))

    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/security/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 200
    assert client.get("/static/css/carre.css").status_code == 200
    # A file link is answered by its own view (here: no such file).
    assert client.get("/media/sources/none.png").status_code == 404


def test_account_with_totp_goes_through(client, required):
    moderator = make_user("alouette", role="moderator")
    TOTP.activate(moderator, generate_totp_secret())
    client.force_login(moderator)

    assert client.get("/").status_code == 200
    assert client.get("/forum/").status_code == 200


def test_contributor_is_not_asked_for_two_factor(client, required):
    client.force_login(make_user("felix"))

    assert client.get("/").status_code == 200
    assert client.get("/sources/").status_code == 200


def test_setting_off_lets_a_moderator_without_totp_through(client, settings):
    settings.CARRE_MODERATOR_2FA_REQUIRED = False
    client.force_login(make_user("alouette", role="moderator"))

    assert client.get("/").status_code == 200
