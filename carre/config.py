"""Reading settings from the environment (12-factor), with clear errors."""

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be 1/0, true/false, yes/no; got {value!r}."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer; got {value!r}."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_addresses(name: str) -> list[str]:
    """Mail addresses such as "Ada <ada@example.org>, bob@example.org"."""
    addresses = env_list(name, [])
    for address in addresses:
        _name, mailbox = parseaddr(address)
        if "@" not in mailbox:
            raise ImproperlyConfigured(
                f"{name} must be mail addresses like 'Name <admin@example.org>', "
                f"comma-separated; got {address!r}."
            )
    return addresses


def env_base_url(name: str) -> str:
    """A site address such as https://carre.example.org, without the final slash."""
    value = os.environ.get(name, "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be the site's address, like https://carre.example.org; "
            f"got {value!r}."
        )
    return value


def database_from_url(url: str) -> dict:
    """Turn postgres://user:password@host:port/name?sslmode=... into DATABASES."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://; "
            f"got {parts.scheme or 'no scheme'}."
        )
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }


def secret_key_from_file(data_dir: Path) -> str:
    """A random key generated once and kept (mode 600) in the data folder."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written aside then linked into place: two processes starting at once
        # both end up reading the same complete key.
        draft = data_dir / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(get_random_secret_key())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
