"""Every route x method x role has an expected outcome (tests/security/access/).

A route without an entry fails with the file to edit. GET never changes
state: every table's content is checksummed before and after each GET.
"""

import copy

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tests.security.access import ROLES
from tests.security.routes import all_routes, tables

ROUTES = all_routes()
TABLES = tables()
METHODS = ("GET", "POST", "HEAD", "PUT", "DELETE")
# Sessions legitimately change on any request (last-seen time, messages).
UNCHECKED_TABLES = {"django_session"}
ALLOWED_STATUSES = {400, 409, 422}
DENIALS = ("login", "denied", "hidden", "refused")


def entry_for(route):
    entry = TABLES.get(route.area, {}).get(route.key)
    if entry is None:
        pytest.fail(
            f"Route {route.key!r} ({route.pattern}, view {route.view}) has no entry "
            f"in the permission matrix: add it to ROUTES in {route.table_file} "
            "(expected outcome per method and role, and its URL kwargs)."
        )
    return entry


def url_for(route, entry, world) -> str:
    kwargs = entry.get("kwargs", {})
    if callable(kwargs):
        kwargs = kwargs(world)
    else:
        kwargs = {
            key: world.resolve(value) if isinstance(value, str) else value
            for key, value in kwargs.items()
        }
    if route.name is None:
        path = entry.get("path", route.key)
        if callable(path):
            path = path(world)
        return "/" + path.lstrip("/")
    return reverse(route.name, kwargs=kwargs) + entry.get("query", "")


def login_paths() -> tuple[str, ...]:
    return (reverse("account_login"), reverse("admin:login"))


def outcome_of(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        path = location.split("://", 1)[-1]
        path = path[path.find("/") :] if "://" in location else location
        return "login" if path.startswith(login_paths()) else "redirect"
    return {403: "denied", 404: "hidden", 405: "refused"}.get(status, str(status))


def matches(response, expected) -> bool:
    if isinstance(expected, tuple):
        return any(matches(response, one) for one in expected)
    actual = outcome_of(response)
    if isinstance(expected, int):
        return response.status_code == expected
    if expected == "allowed":
        return actual in ("ok", "redirect") or response.status_code in (
            ALLOWED_STATUSES
        )
    if expected == "not_ok":
        return actual not in ("ok",) and response.status_code < 500
    return actual == expected


def table_checksums() -> dict[str, str]:
    """One md5 per table of every row's text, to detect any write."""
    names = [
        name
        for name in connection.introspection.table_names()
        if name not in UNCHECKED_TABLES
    ]
    quote = connection.ops.quote_name
    parts = [
        # Table names come from the database's own catalogue, not from input.
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
        f"FROM {quote(name)} t)"
        for name in names
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ARRAY[{', '.join(parts)}]")
        (sums,) = cursor.fetchone()
    return dict(zip(names, sums, strict=True))


def request(client, method, url):
    """One request; the client's cookies are restored afterwards, so that a
    logout or login on one route leaves the role unchanged for the next."""
    cookies = copy.deepcopy(client.cookies)
    try:
        return client.generic(method, url, HTTP_ACCEPT="text/html")
    finally:
        client.cookies = cookies


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_route_matches_its_permission_matrix(route, world, role_clients):
    entry = entry_for(route)
    if entry.get("skip"):
        pytest.skip(entry["skip"])
    url = url_for(route, entry, world)
    missing = [method for method in ("GET", "POST") if method not in entry]
    assert not missing, (
        f"{route.table_file}: ROUTES[{route.key!r}] must give {missing} "
        f"(one outcome per role: {', '.join(ROLES)})"
    )
    failures = []
    for method in METHODS:
        table = entry.get(method)
        if table is None and method == "HEAD":
            # HEAD never gets further than GET: refused wherever GET is, else
            # the same outcome as GET or 405.
            table = {
                role: DENIALS
                if entry["GET"][role] in DENIALS
                else (
                    entry["GET"][role],
                    "refused",
                )
                for role in ROLES
            }
        elif table is None:
            # Unlisted PUT/DELETE must never succeed.
            table = dict.fromkeys(ROLES, "not_ok")
        unknown = set(table) ^ set(ROLES)
        assert not unknown, f"{route.table_file}: {route.key} {method}: {unknown}"
        for role in ROLES:
            client = role_clients[role]
            # Rate limits (tested on their own) would turn answers into 429.
            cache.clear()
            if method in ("GET", "HEAD"):
                before = table_checksums()
                response = request(client, method, url)
                after = table_checksums()
                changed = [name for name in before if before[name] != after[name]]
                if changed:
                    failures.append(
                        f"{method} {url} as {role} changed tables {changed}: "
                        "GET must never change state"
                    )
            else:
                # Each write is rolled back, so roles do not see each other's.
                with transaction.atomic():
                    response = request(client, method, url)
                    transaction.set_rollback(True)
            if not matches(response, table[role]):
                failures.append(
                    f"{method} {url} as {role}: expected {table[role]!r}, got "
                    f"{response.status_code} ({outcome_of(response)})"
                )
    assert not failures, f"{route.key} ({route.table_file}):\n" + "\n".join(failures)


def test_every_table_entry_is_a_route():
    """Stale entries hide renamed routes: each key must still exist."""
    keys = {(route.area, route.key) for route in ROUTES}
    stale = [
        f"{key!r} in tests/security/access/{area}.py"
        for area, table in TABLES.items()
        for key in table
        if (area, key) not in keys
    ]
    assert not stale, "Entries for routes that no longer exist: " + ", ".join(stale)


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_route_refuses_post_without_csrf_token(route, world):
    """CSRF protects every write: a POST without the token is refused (403)."""
    entry = entry_for(route)
    if entry.get("skip") or entry.get("csrf_exempt"):
        pytest.skip(entry.get("skip") or entry["csrf_exempt"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.author)
    response = client.post(url_for(route, entry, world))
    assert response.status_code in (403, 405), (
        f"POST {route.key} without a CSRF token answered {response.status_code}"
    )
