import sys

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseServerError, JsonResponse
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from carre.home import home_page
from carre.middleware import DATABASE_DOWN, database_unavailable
from carre.params import BadInput


@require_safe
def home(request):
    """What the site holds, what changed, what is open, and how to take part."""
    page = home_page(request.user)
    return TemplateResponse(request, "home.html", {"page": page})


@require_safe
def guide(request):
    """The contributor's guide: how findings become cited dossier text."""
    return TemplateResponse(request, "guide.html")


@never_cache
@require_safe
def healthz(request):
    """Database reachability and migration state, for load balancers and compose."""
    status = {"database": "ok", "migrations": "ok"}
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            status["migrations"] = f"{len(plan)} pending"
    except DatabaseError:
        status["database"] = "unreachable"
        status["migrations"] = "unknown"
        # A broken connection must not poison the next request.
        connection.close()
    healthy = status == {"database": "ok", "migrations": "ok"}
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)


# Form fields that hold text someone wrote; kept on a CSRF failure page.
WRITTEN_FIELDS = {
    "title": _("Title"),
    "body": _("Text"),
    "text": _("Text"),
    "summary": _("Summary"),
    "description": _("Description"),
    "reason": _("Reason"),
}


def _cross_site(request) -> bool:
    """What the browser says of where the request comes from: another site,
    or an origin that is not ours. (No header at all: an old browser or a
    script, which a token would not stop from choosing a language either.)"""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    ours = f"{request.scheme}://{request.get_host()}"
    return origin not in {ours, *settings.CSRF_TRUSTED_ORIGINS}


@csrf_exempt
def set_language(request):
    """Django's language switch, refusing cross-site posts by the browser's
    Sec-Fetch-Site/Origin headers instead of a CSRF token: the form is on
    every page, and a token would give every anonymous reader a cookie, which
    keeps proxies from sharing the page (docs/performance.md). It only sets
    the language cookie."""
    if request.method == "POST" and _cross_site(request):
        return csrf_failure(request)
    return i18n.set_language(request)


def csrf_failure(request, reason=""):
    """An expired form: explain, and give back what was typed so nothing is lost."""
    kept = [
        (label, request.POST[name])
        for name, label in WRITTEN_FIELDS.items()
        if request.POST.get(name, "").strip()
    ]
    return TemplateResponse(request, "403_csrf.html", {"kept": kept}, status=403)


def bad_request(request, exception=None):
    """The 400 page (handler400), in the layout, saying what was wrong.

    A BadInput carries a message meant for the reader, and a request over
    Django's limits (REQUEST_LIMITS) gets one naming the limit (413 for its
    size); Django's other 400s (SuspiciousOperation...) get the general
    explanation. The request
    may have been refused before the session and user were read: the layout
    then shows the signed-out header.
    """
    message = exception.message if isinstance(exception, BadInput) else None
    status = 400
    if isinstance(exception, REQUEST_LIMITS):
        message = _over_limit_message(exception)
        # "Content Too Large" for a body over the size limit.
        status = 413 if isinstance(exception, RequestDataTooBig) else 400
    if request.path.startswith("/api/"):
        detail = str(message or _("The request could not be understood."))
        return JsonResponse({"detail": detail}, status=status)
    # htmx swaps a 400 into the form's target: the message alone, not a page.
    htmx = request.headers.get("HX-Request") == "true"
    template = "400.html#message" if htmx else "400.html"
    return TemplateResponse(request, template, {"message": message}, status=status)


# Django's limits on what a request may carry (DATA_UPLOAD_MAX_*): it refuses
# a request over them when the form is first read, wherever that happens.
REQUEST_LIMITS = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _over_limit_message(exception) -> str:
    """Which of Django's request limits was passed, with the limit in words."""
    if isinstance(exception, RequestDataTooBig):
        # In MB (of 1024 KB), like the upload limits: "2,5 Mo" in French.
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return gettext("The form you sent exceeds the maximum size of %(size)s MB.") % {
            "size": floatformat(megabytes, -1)
        }
    if isinstance(exception, TooManyFieldsSent):
        return gettext("The form you sent has too many fields (%(count)s at most).") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    return gettext("The form you sent has too many files (%(count)s at most).") % {
        "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
    }


def page_not_found(request, exception=None):
    """The 404 page (handler404), in the layout, with a search form."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return TemplateResponse(request, "404.html", status=404)


def permission_denied(request, exception=None):
    """The 403 page (handler403), saying why when the permission check said it.

    Carré's checks (`<app>/permissions.py`) raise PermissionDenied with a
    sentence meant for the reader; Django's own carry none.
    """
    message = str(exception) if exception and exception.args else None
    if request.path.startswith("/api/"):
        detail = message or gettext("You are not allowed to do this.")
        return JsonResponse({"detail": detail}, status=403)
    context = {"message": message}
    return TemplateResponse(request, "403.html", context, status=403)


def server_error(request):
    """The 500 page (handler500); a database outage answers the 503 page instead.

    Django calls this while handling the exception, which is still at hand:
    an outage met outside a view (a middleware loading a signed-in reader's
    session, the session saved on the way out, a template rendered late)
    gets the same "back in a moment" page as one met in a view.

    The page never touches the database, which may be what failed: no
    request.user, no session, no context processor (the template is rendered
    without the request). It speaks the visitor's language: the one the
    middlewares chose, or else the language cookie's or the browser's.
    """
    language = getattr(request, "LANGUAGE_CODE", None)
    language = language or translation.get_language_from_request(request)
    with translation.override(language):
        if isinstance(sys.exception(), DATABASE_DOWN):
            return database_unavailable()
        page = render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(page)
