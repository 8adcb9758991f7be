"""Login: throttling per username and per address, messages, session keys."""

from django.test import Client, override_settings

from tests.factories import PASSWORD, make_user
from tests.security.helpers import input_value, page_text

TOO_MANY = "Trop de tentatives de connexion échouées"
WRONG = "Le pseudo et/ou le mot de passe sont incorrects."


def log_in(client, username, password, **headers):
    return client.post(
        "/accounts/login/", {"login": username, "password": password}, **headers
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_password_says_so_in_french_and_keeps_the_username(db):
    make_user("felix")
    response = log_in(Client(), "felix", "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert WRONG in page_text(response)
    assert input_value(response, "login") == "felix"


def test_login_is_throttled_per_username_whatever_the_address(db):
    """5 failures for one account in 5 minutes lock it, even from new addresses."""
    make_user("felix")
    for attempt in range(5):
        response = log_in(
            Client(), "felix", "mauvais", REMOTE_ADDR=f"198.51.100.{attempt + 1}"
        )
        assert WRONG in page_text(response)
    client = Client()
    response = log_in(client, "felix", PASSWORD, REMOTE_ADDR="198.51.100.99")
    assert TOO_MANY in page_text(response)
    assert not is_logged_in(client)


def test_login_is_throttled_per_address_whatever_the_username(db):
    """10 failures from one address in a minute block it, for any account."""
    make_user("felix")
    for attempt in range(10):
        response = log_in(
            Client(), f"inconnu{attempt}", "mauvais", REMOTE_ADDR="198.51.100.7"
        )
        assert response.status_code == 200
    client = Client()
    response = log_in(client, "felix", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert TOO_MANY in page_text(response)
    assert not is_logged_in(client)
    # Another address is not blocked.
    other = Client()
    log_in(other, "felix", PASSWORD, REMOTE_ADDR="198.51.100.8")
    assert is_logged_in(other)


def test_forged_forwarded_for_header_does_not_bypass_the_address_limit(db):
    """Without a trusted proxy, X-Forwarded-For is ignored by the limiter."""
    make_user("felix")
    for attempt in range(10):
        log_in(
            Client(),
            f"inconnu{attempt}",
            "mauvais",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 1}",
        )
    response = log_in(
        Client(),
        "felix",
        PASSWORD,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert TOO_MANY in page_text(response)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_is_per_forwarded_address(db):
    """CARRE_BEHIND_PROXY sets one trusted proxy: clients are told apart."""
    make_user("felix")
    for attempt in range(10):
        log_in(
            Client(),
            f"inconnu{attempt}",
            "mauvais",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    blocked = log_in(
        Client(),
        "felix",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert TOO_MANY in page_text(blocked)
    client = Client()
    log_in(
        client,
        "felix",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )
    assert is_logged_in(client)


def test_login_gives_a_new_session_key(db):
    make_user("felix")
    client = Client()
    session = client.session
    session["avant"] = "connexion"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    response = log_in(client, "felix", PASSWORD)
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after and after != before
    assert is_logged_in(client)


def test_suspended_account_cannot_log_in(db):
    user = make_user("felix")
    user.is_active = False
    user.save(update_fields=["is_active"])
    client = Client()
    log_in(client, "felix", PASSWORD)
    assert not is_logged_in(client)
