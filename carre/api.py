"""The read API, version 1 (django-ninja): /api/v1/, OpenAPI at /api/v1/docs.

Each app that exposes data has an `api.py` with a `router`; it is mounted here
under the app's name. The API is read-only and shows only what an anonymous
reader may see.
"""

from importlib import import_module

from django.http import HttpResponsePermanentRedirect
from ninja import NinjaAPI

api = NinjaAPI(
    title="Carré API",
    version="1",
    description="Read-only access to published dossiers, forum threads and sources.",
    urls_namespace="api",
)

for app in ("forum", "dossiers", "sources", "facts", "exports"):
    try:
        module = import_module(f"{app}.api")
    except ModuleNotFoundError as error:
        if error.name != f"{app}.api":
            raise
        continue
    api.add_router(f"/{app}/", module.router)


def legacy_redirect(request, rest):
    """The API's addresses before version 1 (/api/…) lead to /api/v1/…,
    permanently, with the same query string."""
    return HttpResponsePermanentRedirect("/api/v1/" + request.get_full_path()[5:])
