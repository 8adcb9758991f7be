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


@register(Tags.security)
def check_media_s3_settings(app_configs, **kwargs):
    """A partial CARRE_MEDIA_S3_* configuration would lose or expose uploads.

    Run by every command, not only `check --deploy`: with a bucket named but
    no usable credentials, uploads would fail; with credentials but no bucket,
    files would silently stay on the local disk.
    """
    from carre.object_storage import ADDRESSING_STYLES

    config = settings.CARRE_MEDIA_S3
    if not any(config.values()):
        return []
    problems = []
    given = sorted(
        f"CARRE_MEDIA_S3_{name.upper()}" for name, value in config.items() if value
    )
    if not config["bucket"]:
        problems.append(
            Error(
                f"{', '.join(given)} set but CARRE_MEDIA_S3_BUCKET is not: uploads "
                "would stay on the local disk.",
                hint="Set CARRE_MEDIA_S3_BUCKET, or remove the CARRE_MEDIA_S3_* "
                "settings to keep files in CARRE_MEDIA_ROOT.",
                id="carre.E002",
            )
        )
    if bool(config["access_key"]) != bool(config["secret_key"]):
        missing = "SECRET_KEY" if config["access_key"] else "ACCESS_KEY"
        problems.append(
            Error(
                f"CARRE_MEDIA_S3_{missing} is missing: the object store needs both "
                "the access key and the secret key.",
                hint="Set CARRE_MEDIA_S3_ACCESS_KEY and CARRE_MEDIA_S3_SECRET_KEY.",
                id="carre.E003",
            )
        )
    if config["addressing_style"] and config["addressing_style"] not in (
        ADDRESSING_STYLES
    ):
        problems.append(
            Error(
                "CARRE_MEDIA_S3_ADDRESSING_STYLE must be one of "
                f"{', '.join(ADDRESSING_STYLES)}; got {config['addressing_style']!r}.",
                id="carre.E004",
            )
        )
    endpoint = config["endpoint_url"]
    if endpoint and not endpoint.startswith(("https://", "http://")):
        problems.append(
            Error(
                f"CARRE_MEDIA_S3_ENDPOINT_URL must be an http(s) address; got "
                f"{endpoint!r}.",
                hint="For example https://s3.fr-par.scw.cloud.",
                id="carre.E005",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_media_s3_deploy(app_configs, **kwargs):
    """Production object storage: keys given, and links that travel encrypted."""
    config = settings.CARRE_MEDIA_S3
    if not config["bucket"]:
        return []
    problems = []
    if not config["access_key"] and not config["secret_key"]:
        problems.append(
            Warning(
                "CARRE_MEDIA_S3_BUCKET is set without CARRE_MEDIA_S3_ACCESS_KEY/"
                "SECRET_KEY: credentials come from boto3's own chain (AWS_* "
                "variables, an instance role), or uploads will fail.",
                hint="Set CARRE_MEDIA_S3_ACCESS_KEY and CARRE_MEDIA_S3_SECRET_KEY.",
                id="carre.W003",
            )
        )
    if config["endpoint_url"].startswith("http://"):
        problems.append(
            Warning(
                "CARRE_MEDIA_S3_ENDPOINT_URL is plain http: readers' presigned "
                "links and uploads travel unencrypted.",
                hint="Use the store's https:// endpoint.",
                id="carre.W004",
            )
        )
    return problems
