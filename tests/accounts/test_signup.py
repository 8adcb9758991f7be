"""Signing up: two people choosing one username at the same moment."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, make_user
from tests.races import held_insert

pytestmark = pytest.mark.django_db(transaction=True)

TAKEN = "Un utilisateur avec ce nom existe déjà."


@pytest.fixture(autouse=True)
def fresh_signup_limits():
    # allauth limits sign-ups per address; the other tests used some of them.
    cache.clear()


def signup_data(username: str, email: str = "") -> dict:
    return {
        "username": username,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def test_signup_that_loses_the_username_race_shows_the_form_again(client):
    with held_insert(lambda: make_user("lectrice")):
        response = client.post(
            reverse("account_signup"),
            signup_data("lectrice", email="lectrice@example.org"),
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert TAKEN in body
    # What was typed is kept (passwords are never sent back).
    assert 'value="lectrice"' in body
    assert 'value="lectrice@example.org"' in body
    assert User.objects.filter(username="lectrice").count() == 1
    # Not signed in as the other person, nor half signed up.
    assert "_auth_user_id" not in client.session
    assert not User.objects.exclude(username="lectrice").exists()


def test_simultaneous_signups_with_one_username_make_one_account():
    workers = 4
    barrier = threading.Barrier(workers)
    statuses, errors = [], []

    def sign_up(index):
        client = Client()
        try:
            barrier.wait(timeout=10)
            response = client.post(
                reverse("account_signup"),
                signup_data("veilleuse", email=f"v{index}@example.org"),
            )
            statuses.append(response.status_code)
            if response.status_code == 200:
                assert TAKEN in response.content.decode()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(statuses) == [200] * (workers - 1) + [302]
    assert User.objects.filter(username="veilleuse").count() == 1


def test_signup_still_works(client):
    response = client.post(reverse("account_signup"), signup_data("nouvelle"))
    assert response.status_code == 302
    assert User.objects.get(username="nouvelle").check_password(PASSWORD)
    assert client.session["_auth_user_id"]
