"""Passwords: argon2 hashing, common and weak passwords refused, clear messages."""

import importlib

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client, override_settings

from tests.factories import make_user
from tests.security.helpers import input_value, page_text


def sign_up(client, username, password, confirmation=None):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": "",
            "password1": password,
            "password2": confirmation or password,
        },
    )


def test_passwords_are_hashed_with_argon2_in_production_settings():
    # The test settings use MD5 for speed; the real settings module decides.
    settings = importlib.import_module("carre.settings")
    assert settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    encoded = Argon2PasswordHasher().encode("une-phrase-secrete", "sel12345678")
    assert encoded.startswith("argon2$argon2id$")


def test_production_settings_validate_passwords():
    settings = importlib.import_module("carre.settings")
    names = {
        entry["NAME"].rsplit(".", 1)[1] for entry in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert {
        "CommonPasswordValidator",
        "MinimumLengthValidator",
        "NumericPasswordValidator",
        "UserAttributeSimilarityValidator",
    } <= names


def test_signup_refuses_a_common_password_in_french_and_keeps_the_username(db):
    response = sign_up(Client(), "nouvelle", "password123")
    assert response.status_code == 200
    assert "Ce mot de passe est trop courant." in page_text(response)
    assert input_value(response, "username") == "nouvelle"


def test_signup_refuses_a_short_password(db):
    response = sign_up(Client(), "nouvelle", "court7")
    assert "Ce mot de passe est trop court." in page_text(response)
    assert input_value(response, "username") == "nouvelle"


def test_signup_refuses_a_numeric_password(db):
    response = sign_up(Client(), "nouvelle", "8302917465123")
    assert "Ce mot de passe est entièrement numérique." in page_text(response)


def test_signup_refuses_a_taken_username(db):
    make_user("felix")
    response = sign_up(Client(), "felix", "une-phrase-secrete-42")
    assert response.status_code == 200
    assert "Un utilisateur avec ce nom existe déjà." in page_text(response)
    assert input_value(response, "username") == "felix"


def test_signup_messages_follow_the_browser_language(db):
    response = Client().post(
        "/accounts/signup/",
        {"username": "newbie", "password1": "password123", "password2": "password123"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "This password is too common." in page_text(response)


def test_invalid_reset_link_says_so(db):
    response = Client().get("/accounts/password/reset/key/zz-nimportequoi/")
    assert response.status_code == 200
    assert "Le lien de réinitialisation du mot de passe est invalide" in (
        page_text(response)
    )


def test_expired_reset_link_says_so(db):
    user = make_user("felix")
    token = default_token_generator.make_token(user)
    url = f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-{token}/"
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        response = Client().get(url, follow=True)
    assert "Le lien de réinitialisation du mot de passe est invalide" in (
        page_text(response)
    )


def test_valid_reset_link_refuses_a_common_password(db):
    user = make_user("felix")
    token = default_token_generator.make_token(user)
    client = Client()
    url = f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-{token}/"
    page = client.get(url, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else url
    response = client.post(
        form_url, {"password1": "password123", "password2": "password123"}
    )
    assert "Ce mot de passe est trop courant." in page_text(response)
