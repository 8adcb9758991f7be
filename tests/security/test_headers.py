"""Security headers on every page of the permission matrix, and HTTPS settings."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

from django.test import Client, override_settings

from tests.factories import PASSWORD, make_user
from tests.security.routes import all_routes, tables
from tests.security.test_permission_matrix import url_for

BASE_DIR = Path(__file__).resolve().parents[2]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def header_problems(response) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        return ["no Content-Security-Policy"]
    directives = csp_directives(csp)
    expected = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    if "sandbox" in directives:
        # A user's file (carre/media.py): stricter still, it may load nothing
        # and runs as a sandboxed document (script and object fall back to
        # default-src 'none').
        expected = {"default-src": ["'none'"], "sandbox": []}
    for name, value in expected.items():
        if directives.get(name) != value:
            problems.append(f"CSP {name} is {directives.get(name)}, not {value}")
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"):
        if unsafe in csp.split():
            problems.append(f"CSP allows {unsafe}")
    if "Content-Security-Policy-Report-Only" in response.headers:
        problems.append("a report-only CSP would hide violations")
    wanted = {
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in wanted.items():
        if response.headers.get(name) != value:
            problems.append(f"{name} is {response.headers.get(name)!r}, not {value!r}")
    return problems


def test_every_page_sends_the_security_headers(world):
    """GET every route as anonymous and as a contributor; check each answer."""
    matrix = tables()
    clients = {"anonymous": Client(), "contributor": Client()}
    clients["contributor"].force_login(world.contributor)
    failures = []
    checked = 0
    for route in all_routes():
        entry = matrix.get(route.area, {}).get(route.key)
        if entry is None or entry.get("skip"):
            continue  # the permission matrix reports missing entries
        url = url_for(route, entry, world)
        for role, client in clients.items():
            response = client.get(url)
            checked += 1
            failures += [f"{url} as {role}: {p}" for p in header_problems(response)]
    assert checked > 20
    assert not failures, "\n".join(failures)


def https_settings() -> dict:
    """carre/settings.py as evaluated with CARRE_HTTPS=1."""
    environ = dict(os.environ)
    os.environ["CARRE_HTTPS"] = "1"
    try:
        values = runpy.run_path(str(BASE_DIR / "carre" / "settings.py"))
    finally:
        os.environ.clear()
        os.environ.update(environ)
    names = (
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    )
    return {name: values[name] for name in names}


def test_https_settings_turn_on_hsts_and_secure_cookies(db):
    values = https_settings()
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    make_user("felix")
    with override_settings(**values):
        client = Client()
        plain = client.get("/")
        assert plain.status_code == 301
        assert plain["Location"].startswith("https://")
        page = client.get("/accounts/login/", secure=True)
        assert page["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains"
        )
        assert page.cookies["csrftoken"]["secure"]
        response = client.post(
            "/accounts/login/",
            {"login": "felix", "password": PASSWORD},
            secure=True,
        )
        assert response.status_code == 302
        session_cookie = response.cookies["sessionid"]
        assert session_cookie["secure"]
        assert session_cookie["httponly"]
        assert session_cookie["samesite"] == "Lax"


def test_without_https_no_hsts_is_sent(client, db):
    # Plain-HTTP demo and tests: HSTS would lock the host out of plain HTTP.
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_check_deploy_is_clean_with_https():
    # A production-like environment: a real mail server, no test-only flags.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "CARRE_EMAIL_HOST": "smtp.example.org",
        "DJANGO_SETTINGS_MODULE": "carre.settings",
        "CARRE_HTTPS": "1",
        "CARRE_SECRET_KEY": "k" * 20 + "-long-random-secret-for-the-deploy-check-42",
        "CARRE_ALLOWED_HOSTS": "carre.example.org",
        "CARRE_BASE_URL": "https://carre.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
