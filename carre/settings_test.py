"""Settings for the test suite: the real ones, with tasks run immediately."""

import os

from carre.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Argon2 is deliberately slow; tests that check hashing read carre.settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The suite runs in one process, and tests clear the cache outside any database
# access; the shared caches are tested on their own (tests/carre/test_cache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CARRE_MODERATOR_2FA_REQUIRED = False
# Tests and demo loads write many rows in a moment; the rate-limit tests set
# low limits themselves. (CARRE_POSTS_PER_MINUTE keeps its default: the forum
# tests set their own.)
CARRE_SECTION_EDITS_PER_MINUTE = 1000
CARRE_FACT_EDITS_PER_MINUTE = 1000
CARRE_FLAGS_PER_HOUR = 1000
CARRE_SOURCES_PER_HOUR = 1000
CARRE_UPLOADS_PER_HOUR = 1000
# Every account's dossier edits go live, as before trust levels; the review
# tests (tests/dossiers/test_review.py) set the level themselves.
CARRE_TRUST_PUBLISH_LEVEL = 0

# One test database per pytest process, so parallel runs on one embedded
# server never drop each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_carre_{os.getpid()}"}  # noqa: F405
