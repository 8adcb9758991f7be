"""Settings for the test suite: the real ones, with tasks run immediately."""

from carre.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Argon2 is deliberately slow; tests that check hashing read carre.settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CARRE_MODERATOR_2FA_REQUIRED = False
