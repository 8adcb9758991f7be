"""Deployment checks of Carré's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string


@register(Tags.security, deploy=True)
def check_site_settings(app_configs, **kwargs):
    problems = []
    if not settings.CARRE_BASE_URL:
        problems.append(
            Warning(
                "CARRE_BASE_URL is not set: links in emails are guessed from the "
                "first of CARRE_ALLOWED_HOSTS.",
                hint="Set it to the site's public address, e.g. "
                "https://carre.example.org.",
                id="carre.W001",
            )
        )
    if not settings.EMAIL_CONFIGURED:
        problems.append(
            Warning(
                "CARRE_EMAIL_HOST is not set: password resets and notification "
                "emails are printed to the log instead of being sent.",
                hint="Set CARRE_EMAIL_HOST and its CARRE_EMAIL_* companions.",
                id="carre.W002",
            )
        )
    return problems


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """A per-process cache with several workers splits allauth's login limits."""
    backend = import_string(settings.CACHES["default"]["BACKEND"])
    if settings.CARRE_WEB_WORKERS > 1 and issubclass(
        backend, (LocMemCache, DummyCache)
    ):
        return [
            Error(
                f"The default cache ({backend.__name__}) is kept in each process, "
                f"but CARRE_WEB_WORKERS={settings.CARRE_WEB_WORKERS}: login limits "
                "would be counted per worker.",
                hint="Set CARRE_REDIS_URL, or keep the default database cache.",
                id="carre.E001",
            )
        ]
    return []
