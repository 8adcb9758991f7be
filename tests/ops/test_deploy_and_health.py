"""Production settings, /healthz and database errors, through real commands."""

import secrets
import subprocess
import sys

import pytest

from tests.ops.conftest import ROOT, command_env, manage

UNREACHABLE = "postgres://carre:secret@127.0.0.1:1/carre"

# /healthz through Django's test client in a fresh process with real settings.
HEALTHZ = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def production_env(**extra):
    """What a self-hoster's .env holds; the database is not needed for checks."""
    settings = {
        "CARRE_SECRET_KEY": secrets.token_urlsafe(50),
        "CARRE_ALLOWED_HOSTS": "carre.example.org",
        "CARRE_HTTPS": "1",
        "CARRE_BEHIND_PROXY": "1",
        "CARRE_DEBUG": "0",
        "CARRE_EMAIL_HOST": "smtp.example.org",
        "CARRE_BASE_URL": "https://carre.example.org",
        "DATABASE_URL": UNREACHABLE,
    }
    return command_env(**{**settings, **extra})


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )
    assert "System check identified no issues" in result.stdout, result.stderr


def test_check_deploy_complains_without_https():
    env = production_env(CARRE_HTTPS="0")
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=env, check=False
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


@pytest.mark.parametrize(
    ("unset", "named"),
    [("CARRE_BASE_URL", "carre.W001"), ("CARRE_EMAIL_HOST", "carre.W002")],
)
def test_check_deploy_names_missing_site_settings(unset, named):
    env = production_env()
    del env[unset]
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=env, check=False
    )
    assert result.returncode != 0
    assert named in result.stderr
    assert unset in result.stderr


def healthz(env) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-c", HEALTHZ],
        cwd=ROOT,
        env={**env, "CARRE_ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    return int(status), body


def test_healthz_reports_pending_migrations_then_ok(data_dir):
    env = command_env(data_dir)
    status, body = healthz(env)
    assert status == 503
    assert '"migrations": "' in body and "pending" in body
    assert '"database": "ok"' in body

    manage("migrate", "--noinput", env=env, timeout=180)
    status, body = healthz(env)
    assert status == 200
    assert '"status": "ok"' in body


def test_healthz_reports_an_unreachable_database():
    status, body = healthz(command_env(DATABASE_URL=UNREACHABLE))
    assert status == 503
    assert '"database": "unreachable"' in body


def test_migrate_with_unreachable_database_says_so_in_one_line():
    result = manage("migrate", env=command_env(DATABASE_URL=UNREACHABLE), check=False)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert "DATABASE_URL" in message
    assert "secret" not in message  # the password is never printed
