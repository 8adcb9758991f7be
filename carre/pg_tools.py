"""Running PostgreSQL's client programs (pg_dump, pg_restore) on Carré's database.

Used by `manage.py backup` and `manage.py restore`. The connection comes from
the same settings as the site: the embedded server (whose own binaries are
used, so the versions always match) or the server named by DATABASE_URL (the
newest pg_dump found wins: pg_dump refuses servers newer than itself).
"""

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

# libpq connection keywords worth passing on; the rest of Django's connection
# parameters (cursor factories, adapters) mean nothing to pg_dump.
LIBPQ_KEYS = {
    "dbname",
    "user",
    "host",
    "port",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "service",
    "passfile",
}


def is_embedded(alias: str = "default") -> bool:
    return connections[alias].settings_dict["ENGINE"] == "carre.embedded_postgres"


def embedded_bin_dir() -> Path | None:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers).
            warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
            from pgserver._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    return POSTGRES_BIN_PATH


def major_version(program: str) -> int:
    output = subprocess.run(
        [program, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else 0


def find_program(name: str, alias: str = "default") -> str:
    """The pg_dump/pg_restore to use: CARRE_PG_BIN_DIR, else the best one found."""
    configured = os.environ.get("CARRE_PG_BIN_DIR")
    if configured:
        program = Path(configured) / name
        if not program.exists():
            raise CommandError(f"CARRE_PG_BIN_DIR has no {name}: {program}")
        return str(program)
    candidates = []
    bundled = embedded_bin_dir()
    if bundled and (bundled / name).exists():
        if is_embedded(alias):
            return str(bundled / name)
        candidates.append(str(bundled / name))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    if not candidates:
        raise CommandError(
            f"{name} not found: install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client) or set CARRE_PG_BIN_DIR."
        )
    return max(candidates, key=major_version)


def connection_arguments(alias: str = "default") -> tuple[str, dict]:
    """A libpq connection string (without password) and the environment to use.

    The password goes through PGPASSWORD so it never shows in a process list.
    """
    from psycopg.conninfo import make_conninfo

    params = connections[alias].get_connection_params()
    env = dict(os.environ)
    password = params.get("password")
    if password:
        env["PGPASSWORD"] = str(password)
    conninfo = make_conninfo(
        **{key: str(value) for key, value in params.items() if key in LIBPQ_KEYS}
    )
    return conninfo, env


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        raise CommandError(f"{Path(command[0]).name} failed: {message}")
