"""Profiles: a person's public page (profiles/urls.py). Anyone may read a
public profile; a hidden one answers 404 (tests/profiles/)."""

from tests.security.access import everyone

ROUTES = {
    "user-profile": {
        "kwargs": lambda world: {"username": world.author.username},
        "GET": everyone("ok"),
        "POST": everyone("refused"),
    },
}
