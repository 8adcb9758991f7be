"""Every route of the URL configuration, with the area whose table covers it."""

import pkgutil
from dataclasses import dataclass
from importlib import import_module

from django.urls import URLPattern, URLResolver, get_resolver

# Known areas, in the order their build(world) runs; a route of any other
# top-level package belongs to tests/security/access/<package>.py. The admin
# comes last: its pages point at rows of every other area.
AREAS = (
    "core",
    "accounts",
    "api",
    "forum",
    "notifications",
    "dossiers",
    "sources",
    "facts",
    "promotion",
    "profiles",
    "tips",
    "admin",
)
# Where a view's module belongs when its top package is not an area name.
MODULE_AREAS = {"carre": "core", "django": "core", "allauth": "accounts"}


@dataclass(frozen=True)
class Route:
    key: str  # the URL name (with namespace), or the pattern for unnamed ones
    name: str | None
    pattern: str
    area: str
    view: str

    @property
    def table_file(self) -> str:
        return f"tests/security/access/{self.area}.py"


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = namespace
            if pattern.namespace:
                space = f"{namespace}:{pattern.namespace}" if namespace else None
                space = space or pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield prefix + str(pattern.pattern), name, namespace, pattern.callback


def _area(namespace, callback) -> str:
    if namespace in ("admin", "api"):
        return namespace
    module = getattr(callback, "__module__", "") or ""
    top = module.split(".")[0]
    return MODULE_AREAS.get(top, top)


def all_routes() -> list[Route]:
    """Every pattern, the admin's included: each registered model's changelist,
    add, change, history, delete and extra pages (a user's password page...)
    and the admin's own pages."""
    routes = []
    for pattern, name, namespace, callback in _walk(get_resolver().url_patterns):
        area = _area(namespace, callback)
        qualname = getattr(callback, "__qualname__", type(callback).__name__)
        view = f"{getattr(callback, '__module__', '?')}.{qualname}"
        routes.append(Route(name or pattern, name, pattern, area, view))
    return routes


def _area_modules():
    """The table modules of tests/security/access: known areas first (objects
    of later areas may point to earlier ones), then any other."""
    from tests.security import access

    found = {info.name for info in pkgutil.iter_modules(access.__path__)}
    ordered = [area for area in AREAS if area in found]
    ordered += sorted(found - set(AREAS))
    return [(area, import_module(f"tests.security.access.{area}")) for area in ordered]


def tables() -> dict[str, dict]:
    """area -> ROUTES of tests/security/access/<area>.py."""
    return {area: module.ROUTES for area, module in _area_modules()}


def builders():
    """The build(world) functions of the area tables, in dependency order."""
    for area, module in _area_modules():
        if hasattr(module, "build"):
            yield area, module.build
