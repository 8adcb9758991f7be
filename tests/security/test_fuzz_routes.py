"""No route answers 500, whatever the query string or form holds (issue 9).

Hypothesis sends every route of the URL configuration (the admin's
representative subset included) GET and POST requests, as a visitor, a
contributor, the author of the world's objects, a moderator and an admin.
Their query strings and forms hold the parameters the view reads (found in
the view module's source and its forms) and random ones, with values meant
to break parsing: NUL, lone surrogates (sent as invalid UTF-8 bytes), Unicode
digits, numbers out of PostgreSQL's range, long strings, uploaded files.

The rule: no status >= 500, no exception out of the view, and the database
connection still usable after each request. Each example is rolled back.
"""

import copy
import inspect
import re
import sys
import traceback
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

import pytest
from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st
from ninja.operation import PathView

from tests.security.conftest import World, make_role_users
from tests.security.routes import _walk, all_routes, builders, tables
from tests.security.test_permission_matrix import url_for

# Each test also runs in a transaction of its own, inside the world's.
pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "contributor", "author", "moderator", "admin")
# The admin's pages that read input: the index, each changelist, add and
# change page and their extra views (a user's password, suspend...). History
# and delete confirmations read none; the matrix covers them.
ADMIN_PAGES = ("_changelist", "_add", "_change", "_suspend", "_reinstate")


def fuzzed(route) -> bool:
    if tables().get(route.area, {}).get(route.key, {}).get("skip"):
        return False
    if route.area == "admin":
        return route.name == "admin:index" or (route.name or "").endswith(ADMIN_PAGES)
    return True


ROUTES = [route for route in all_routes() if fuzzed(route)]

# request.GET.get("x"), request.POST["x"], "x" in request.POST, data.get("x"),
# int_param(request.GET, "x")...
READ_NAME = re.compile(
    r"""(?:GET|POST|FILES|data)(?:\.get|\.getlist|\.pop)?[\[(]\s*["']([\w-]+)["']"""
    r"""|["']([\w-]+)["']\s+(?:not\s+)?in\s+(?:request\.)?(?:GET|POST|data)\b"""
    r"""|_param\(\s*[\w.]+,\s*["']([\w-]+)["']"""
)
FORM_PREFIX = re.compile(r"""prefix\s*=\s*["'](\w+)["']""")
# What the admin's changelist and forms read, besides the model's fields.
ADMIN_NAMES = {"q", "o", "p", "all", "e", "_popup", "_to_field", "_save", "action"}
ADMIN_NAMES |= {"_selected_action", "select_across", "index", "_changelist_filters"}
API_NAMES = {"limit", "offset"}

# Values that broke parsing somewhere, or could: the attack of an example.
ATTACKS = [
    "a\x00b",
    "\x00",
    "x\udfffy",  # a lone surrogate: sent as invalid UTF-8
    "\ud800",
    "²",
    "٣",
    "\u3007",  # ideographic zero
    "\uff11\uff12",  # fullwidth 12
    str(10**30),
    "-" + str(10**30),
    str(2**31),
    str(2**63),
    "9" * 400,
    "-1",
    "0",
    "",
    " 7 ",
    "1.5",
    "1e3",
    "NaN",
    "[@key, p. 66]",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "http://[::1]/",
    "0000-00-00",
    "9999-12-31",
    "é" * 3000,
    "x" * 70_000,
]
attacks = st.one_of(st.sampled_from(ATTACKS), st.text(max_size=40))
random_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="&=;"),
    min_size=1,
    max_size=12,
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
FILES = [
    ("empty.pdf", b"", "application/pdf"),
    ("a.pdf", PDF, "application/pdf"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
    ("a\x00b.txt", b"text", "text/plain"),
    ("\ud800.jpg", b"\xff\xd8\xff", "image/jpeg"),
    ("x" * 300 + ".gif", b"GIF89a", "image/gif"),
]


def _encode(text: str) -> bytes:
    """UTF-8, lone surrogates kept as the (invalid) bytes a broken client sends."""
    return text.encode("utf-8", "surrogatepass")


def urlencoded(pairs) -> str:
    return "&".join(
        f"{quote_from_bytes(_encode(name), safe='')}="
        f"{quote_from_bytes(_encode(value), safe='')}"
        for name, value in pairs
    )


def multipart(pairs, files, boundary="fuzzBoUnDaRy") -> bytes:
    lines = []
    for name, value in pairs:
        lines += [
            f"--{boundary}".encode(),
            b'Content-Disposition: form-data; name="' + _encode(name) + b'"',
            b"",
            _encode(value),
        ]
    for name, (filename, content, content_type) in files:
        lines += [
            f"--{boundary}".encode(),
            b'Content-Disposition: form-data; name="'
            + _encode(name)
            + b'"; filename="'
            + _encode(filename)
            + b'"',
            f"Content-Type: {content_type}".encode(),
            b"",
            content,
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines)


def _view_of(callback):
    """The function or class the URL resolves to, past decorators and as_view()."""
    view = getattr(callback, "view_class", None) or callback
    view = inspect.unwrap(view)
    if not (inspect.isfunction(view) or inspect.isclass(view)):
        view = type(view)  # a callable instance (syndication feeds)
    return view


def _forms_in(namespace) -> list[type[forms.BaseForm]]:
    return [
        value
        for value in vars(namespace).values()
        if inspect.isclass(value)
        and issubclass(value, forms.BaseForm)
        and hasattr(value, "base_fields")  # not the abstract bases
    ]


def _path_view(callback):
    for cell in getattr(callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def read_names(route) -> tuple[set[str], bool]:
    """The parameter names the route's view reads, and whether it takes files."""
    callback = ROUTE_CALLBACKS[route.key]
    names: set[str] = set()
    form_classes = []
    path_view = _path_view(callback)
    if path_view is not None:
        names |= API_NAMES
        for operation in path_view.operations:
            params = inspect.signature(operation.view_func).parameters
            names |= set(params) - {"request"}
        return names, False
    view = _view_of(callback)
    module = sys.modules.get(view.__module__)
    if module is not None:
        try:
            source = inspect.getsource(module)
        except (OSError, TypeError):
            source = ""
        names |= {"".join(groups) for groups in READ_NAME.findall(source)}
        prefixes = set(FORM_PREFIX.findall(source))
        form_classes += _forms_in(module)
        # The app's forms, also those a view reaches through a mapping.
        app_forms = sys.modules.get(view.__module__.split(".")[0] + ".forms")
        if app_forms is not None:
            form_classes += _forms_in(app_forms)
    for attribute in ("form_class", "form"):
        form = getattr(view, attribute, None)
        if inspect.isclass(form) and hasattr(form, "base_fields"):
            form_classes.append(form)
    takes_files = False
    for form in form_classes:
        for name, field in form.base_fields.items():
            names.add(name)
            names |= {f"{prefix}-{name}" for prefix in prefixes}
            takes_files |= isinstance(field, forms.FileField)
    if route.area == "admin":
        names |= ADMIN_NAMES
        model = _admin_model(route)
        if model is not None:
            for field in model._meta.get_fields():
                names |= {
                    field.name,
                    f"{field.name}__exact",
                    f"{field.name}__id__exact",
                }
                takes_files |= field.get_internal_type() in ("FileField", "ImageField")
    return names, takes_files


def _admin_model(route):
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if (route.name or "").startswith(prefix):
            return model
    return None


# Route key -> the view it resolves to (the key is the URL name, or the
# pattern of an unnamed route, as in tests/security/routes.py).
ROUTE_CALLBACKS = {
    name or pattern: callback
    for pattern, name, _namespace, callback in _walk(get_resolver().url_patterns)
}


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The security matrix's world, built once for the module and rolled back
    at its end; each example runs in a savepoint of its own."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            world.users = make_role_users()
            for role, user in world.users.items():
                setattr(world, role, user)
            for _area, build in builders():
                build(world)
            world.clients = {}
            for role in ROLES:
                client = Client(raise_request_exception=False)
                if role != "anonymous":
                    client.force_login(world.users[role])
                world.clients[role] = client
            world.ids = sorted(
                {
                    str(getattr(world, name).pk)
                    for name in vars(world)
                    if hasattr(getattr(world, name), "pk")
                }
            )
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def send(client, method, url, *, query, body, content_type, htmx):
    """One request; cookies restored afterwards (a logout must not stick)."""
    cookies = copy.deepcopy(client.cookies)
    path, _, own_query = url.partition("?")
    query_string = "&".join(part for part in (own_query, query) if part)
    extra = {"QUERY_STRING": query_string, "HTTP_ACCEPT": "text/html"}
    if htmx:
        extra["HTTP_HX_REQUEST"] = "true"
    try:
        return client.generic(method, path, body, content_type, **extra)
    finally:
        client.cookies = cookies


def _traceback(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    return "".join(traceback.format_exception(*exc_info)[-12:])


@dataclass(frozen=True)
class Probe:
    """One request, whatever the route: who sends what, and how."""

    role: str  # "best": the author, or the admin on the admin's pages
    method: str
    attack: str
    prefix: str = ""  # text before the attack ("1" + "²"...)
    keep: int = -1  # bit i: the i-th name the view reads carries the attack
    plausible: int = 0  # the other names: a world object's id (index), or text
    extra: tuple = ()  # (random name, value) pairs
    multipart: bool = False
    in_query: bool = False  # a POST sends its fields in the query string too
    htmx: bool = False
    files: tuple = ()  # indices in FILES


probes = st.builds(
    Probe,
    role=st.sampled_from(ROLES),
    method=st.sampled_from(("GET", "POST")),
    attack=attacks,
    prefix=st.sampled_from(("", "1", "Reims ")),
    keep=st.integers(min_value=-1, max_value=2**64),
    plausible=st.integers(min_value=-1, max_value=50),
    extra=st.lists(st.tuples(random_names, attacks), max_size=3).map(tuple),
    multipart=st.booleans(),
    in_query=st.booleans(),
    htmx=st.booleans(),
    files=st.lists(st.integers(0, len(FILES) - 1), max_size=2).map(tuple),
)


def build_request(route, world, probe):
    """(role, url, query string, body, content type) of the probe on a route."""
    entry = tables().get(route.area, {}).get(route.key, {})
    url = url_for(route, entry, world)
    role = probe.role
    if role == "best":
        role = "admin" if route.area == "admin" else "author"
    names, takes_files = read_names(route)
    value = probe.prefix + probe.attack
    other = (
        world.ids[probe.plausible % len(world.ids)] if probe.plausible >= 0 else "Reims"
    )
    pairs = [
        (name, value if probe.keep == -1 or probe.keep >> index & 1 else other)
        for index, name in enumerate(sorted(names))
    ]
    pairs += list(probe.extra)
    if probe.method == "GET":
        return role, url, urlencoded(pairs), b"", "application/octet-stream"
    query = urlencoded(pairs) if probe.in_query else ""
    if probe.multipart or takes_files:
        file_names = sorted(names) or ["file"]
        files = [
            (file_names[index % len(file_names)], FILES[index]) for index in probe.files
        ]
        body = multipart(pairs, files)
        return role, url, query, body, "multipart/form-data; boundary=fuzzBoUnDaRy"
    body = urlencoded(pairs).encode("ascii")
    return role, url, query, body, "application/x-www-form-urlencoded"


def check_no_server_error(route, world, probe):
    role, url, query, body, content_type = build_request(route, world, probe)
    method = probe.method
    note(f"{method} {url}?{query[:300]} as {role}, body {body[:300]!r}")
    cache.clear()  # rate limits are tested on their own
    with transaction.atomic():
        response = send(
            world.clients[role],
            method,
            url,
            query=query,
            body=body,
            content_type=content_type,
            htmx=probe.htmx,
        )
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            usable = True
        except Exception as error:  # reported below
            usable = error
        transaction.set_rollback(True)
    assert response.status_code < 500, (
        f"{method} {url} answered {response.status_code}:\n" + _traceback(response)
    )
    assert usable is True, f"{method} {url} left the connection unusable: {usable!r}"


def regression_examples(test):
    """Every route always meets the attacks of issue 9, GET and POST, sent by
    the role that gets furthest (the author; the admin on the admin's pages),
    the numbers also by a moderator; then Hypothesis varies everything."""
    cases = [
        ("best", method, attack)
        for attack in ("a\x00b", "x\udfffy", "²", str(10**30))
        for method in ("GET", "POST")
    ]
    cases += [("moderator", "POST", "²"), ("moderator", "POST", str(10**30))]
    for role, method, attack in cases:
        test = example(probe=Probe(role=role, method=method, attack=attack))(test)
    return test


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
@settings(
    max_examples=10,
    deadline=None,
    # The world is module-scoped and each example rolls itself back.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@regression_examples
@given(probe=probes)
def test_route_never_answers_500(route, fuzz_world, probe):
    check_no_server_error(route, fuzz_world, probe)


NUMBER_IN_PATH = re.compile(r"<(?:int|path):(\w+)>")
ID_ROUTES = [
    route for route in ROUTES if route.name and NUMBER_IN_PATH.search(route.pattern)
]


@pytest.mark.parametrize("route", ID_ROUTES, ids=[route.key for route in ID_ROUTES])
@pytest.mark.parametrize("number", [10**30, 2**63, 2**31])
def test_ids_out_of_range_in_the_path_find_nothing(route, number, fuzz_world):
    """`<int:pk>` takes any number of digits: out of PostgreSQL's range, the
    object is simply not found (404, or the admin's "does not exist")."""
    entry = tables().get(route.area, {}).get(route.key, {})
    kwargs = entry.get("kwargs", {})
    if callable(kwargs):
        kwargs = kwargs(fuzz_world)
    else:
        kwargs = {
            key: fuzz_world.resolve(value) if isinstance(value, str) else value
            for key, value in kwargs.items()
        }
    for name in NUMBER_IN_PATH.findall(route.pattern):
        kwargs[name] = number
    url = reverse(route.name, kwargs=kwargs)
    role = "admin" if route.area == "admin" else "author"
    for method in ("GET", "POST"):
        with transaction.atomic():
            response = send(
                fuzz_world.clients[role],
                method,
                url,
                query="",
                body=b"",
                content_type="application/octet-stream",
                htmx=False,
            )
            transaction.set_rollback(True)
        assert response.status_code < 500, (
            f"{method} {url} answered {response.status_code}:\n" + _traceback(response)
        )


def test_every_route_is_fuzzed():
    """A route the fuzz cannot reach is a route left out: fail loudly."""
    assert len(ROUTES) > 50
    assert {route.area for route in ROUTES} >= {"forum", "dossiers", "api", "admin"}
    assert all(route.key in ROUTE_CALLBACKS for route in ROUTES)
