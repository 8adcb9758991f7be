"""The site's public address, for links that leave it (emails)."""

from django.conf import settings


def base_url() -> str:
    """CARRE_BASE_URL, or a guess from the first allowed host name.

    The guess has no port, so a site on a non-standard port needs the setting;
    `manage.py check --deploy` says so when it is missing.
    """
    if settings.CARRE_BASE_URL:
        return settings.CARRE_BASE_URL
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in {"*", ""}]
    host = hosts[0].lstrip(".") if hosts else "localhost"
    scheme = "https" if settings.HTTPS else "http"
    return f"{scheme}://{host}"


def absolute_url(path: str) -> str:
    """A site path such as /forum/t/3/ as a full address."""
    if not path.startswith("/"):
        return path
    return base_url() + path
