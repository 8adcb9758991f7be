"""Sessions: timeouts, "log out my other sessions", re-authentication, 2FA."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from accounts.models import UserSession
from tests.factories import PASSWORD, make_user
from tests.security.helpers import page_text


def log_in(username, password=PASSWORD, **extra) -> Client:
    """A client logged in through the real login form (as a browser would)."""
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": username, "password": password, **extra}
    )
    assert response.status_code == 302, page_text(response)
    return client


def age_session(client, **seconds_ago):
    """Move session timestamps into the past, as if time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = int(time.time()) - ago
    session.save()


def is_signed_in(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def test_idle_session_ends_after_the_idle_timeout(db):
    make_user("felix")
    client = log_in("felix")
    age_session(client, carre_last_seen=settings.CARRE_SESSION_IDLE_TIMEOUT + 5)
    response = client.get("/accounts/profile/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Votre session a pris fin" in page_text(response)


def test_active_session_survives(db):
    make_user("felix")
    client = log_in("felix")
    age_session(client, carre_last_seen=settings.CARRE_SESSION_IDLE_TIMEOUT - 60)
    assert is_signed_in(client)
    # The request counted as activity.
    assert time.time() - client.session["carre_last_seen"] < 5


def test_session_ends_at_its_absolute_age_whatever_the_activity(db):
    make_user("felix")
    client = log_in("felix")
    age_session(
        client, carre_login_at=settings.SESSION_COOKIE_AGE + 5, carre_last_seen=10
    )
    assert not is_signed_in(client)


def test_activity_does_not_extend_the_session(db):
    make_user("felix")
    client = log_in("felix", remember="on")
    assert is_signed_in(client)
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(session_key=key).expire_date
    # Force the middleware to write the last-seen time (a session save).
    age_session(client, carre_last_seen=120)
    assert is_signed_in(client)
    assert client.session["carre_last_seen"] > time.time() - 5
    assert Session.objects.get(session_key=key).expire_date == expiry
    max_age = settings.SESSION_COOKIE_AGE
    assert abs(expiry.timestamp() - (time.time() + max_age)) < 60


def test_log_out_my_other_sessions(db):
    make_user("felix")
    make_user("css")
    laptop, phone, cafe = log_in("felix"), log_in("felix"), log_in("felix")
    stranger = log_in("css")
    page = laptop.get("/accounts/sessions/")
    assert "2 autres endroits" in page_text(page)
    response = laptop.post("/accounts/sessions/", follow=True)
    assert "2 autres sessions ont été déconnectées." in page_text(response)
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not is_signed_in(cafe)
    assert is_signed_in(stranger)


def test_logout_forgets_the_session(db):
    make_user("felix")
    client = log_in("felix")
    assert UserSession.objects.count() == 1
    client.post("/accounts/logout/")
    assert UserSession.objects.count() == 0


def test_session_records_hold_no_address_or_device():
    names = {field.name for field in UserSession._meta.get_fields()}
    assert names == {"id", "user", "session_key", "created_at"}


@override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=0)
def test_changing_email_asks_for_the_password_again(db):
    user = make_user("felix")
    client = log_in("felix")
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "felix@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not user.emailaddress_set.exists()


@override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=0)
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/recovery-codes/generate/",
    ],
)
def test_changing_2fa_asks_for_the_password_again(db, url):
    make_user("felix")
    client = log_in("felix")
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert "reauthenticate" in response["Location"]


def test_email_change_works_after_reauthentication(db):
    user = make_user("felix")
    client = log_in("felix")
    wrong = client.post("/accounts/reauthenticate/", {"password": "pas-le-bon"})
    assert wrong.status_code == 200
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/accounts/email/", {"action_add": "", "email": "felix@example.org"})
    assert user.emailaddress_set.filter(email="felix@example.org").exists()


def test_changing_password_needs_the_current_password(db):
    user = make_user("felix")
    client = log_in("felix")
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "pas-le-bon",
            "password1": "une-autre-phrase-42",
            "password2": "une-autre-phrase-42",
        },
    )
    assert response.status_code == 200
    assert "Merci d'indiquer votre mot de passe actuel." in page_text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@override_settings(CARRE_MODERATOR_2FA_REQUIRED=True)
def test_moderator_without_2fa_is_sent_to_set_it_up(db):
    make_user("alouette", role="moderator")
    client = log_in("alouette")
    for url in ("/", "/admin/", "/forum/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    # The account pages stay reachable, to set 2FA up.
    assert client.get("/accounts/2fa/").status_code == 200


@override_settings(CARRE_MODERATOR_2FA_REQUIRED=True)
def test_moderator_with_totp_logs_in_with_a_code_and_works(db):
    moderator = make_user("alouette", role="moderator")
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "alouette", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not is_signed_in(client)
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert not is_signed_in(client)
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(secret)}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200


@override_settings(CARRE_MODERATOR_2FA_REQUIRED=True)
def test_contributors_are_not_asked_for_2fa(db):
    make_user("felix")
    client = log_in("felix")
    assert client.get("/").status_code == 200
