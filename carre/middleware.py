from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from carre.params import BadInput

# A database that cannot be reached, or a connection lost during the request.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable() -> HttpResponse:
    """The 503 "back in a moment" page, for any request met by a database outage."""
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    # The layout without the database (base_error.html): the full layout
    # reads the session and user, which live in the database.
    page = render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 "come back in a moment" while PostgreSQL is unreachable.

    process_exception answers for errors raised by a view. An error raised by
    a middleware (the session loaded for a signed-in reader by whichever
    middleware reads request.user first, the session saved on the way out)
    never reaches process_exception: Django turns it into a 500 where it
    happens, by calling handler500, which is `carre.views.server_error` and
    answers with database_unavailable() too. The security headers are added by
    middlewares listed before this one (settings.MIDDLEWARE), so every
    response, this one included, passes through them.

    Connections are health-checked (CONN_HEALTH_CHECKS), so once the database
    is back the next request reconnects: no restart of the app is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable()
        return None


class InvalidCharactersMiddleware:
    """Refuse NUL bytes and invalid UTF-8 in the path, query string, form and cookies.

    PostgreSQL cannot hold a NUL in text, so a search for one failed (500);
    Django silently turns invalid UTF-8 (lone surrogates included) into U+FFFD,
    so a form stored something other than what was sent. Both are refused here,
    once for every view, with a 400 in the layout that says why.
    Multipart forms are checked for NUL only: their raw bytes are not kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_valid_characters(request):
            raise BadInput(
                _(
                    "The request contains invalid characters (a null byte or an "
                    "incorrect encoding). Nothing was saved: check the text you "
                    "sent, or copy it again from its source."
                )
            )
        return self.get_response(request)


def _has_valid_characters(request) -> bool:
    if "\x00" in request.path_info:
        return False
    if not _valid_urlencoded(_wsgi_bytes(request.META.get("QUERY_STRING", ""))):
        return False
    if any("\x00" in name + value for name, value in request.COOKIES.items()):
        return False
    if request.method != "POST":
        return True
    # Django's own parsing first: it enforces the size and field-count limits.
    form = request.POST
    if request.content_type == "application/x-www-form-urlencoded":
        # Django refuses another charset for this type: it is UTF-8.
        return _valid_urlencoded(request.body)
    names = [*form, *request.FILES]
    values = [value for _name, values in form.lists() for value in values]
    values += [file.name or "" for file in request.FILES.values()]
    return not any("\x00" in text for text in names + values)


def _valid_urlencoded(raw: bytes) -> bool:
    # "&" and "=" are ASCII, never part of a multibyte sequence: decoding the
    # whole string checks every name and value at once.
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _wsgi_bytes(text: str) -> bytes:
    """The raw bytes of a WSGI environ string (PEP 3333: decoded as latin-1)."""
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:  # A server that decoded it as UTF-8 already.
        return text.encode("utf-8", "surrogatepass")
