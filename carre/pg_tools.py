"""Running PostgreSQL's client programs (pg_dump, pg_restore, psql) on Carré's database.

Used by `manage.py backup` and `manage.py restore`. The connection comes from
the same settings as the site: the embedded server (whose own binaries are
used, so the versions always match) or the server named by DATABASE_URL (the
newest pg_dump found wins: pg_dump refuses servers newer than itself).
"""

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
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


def run(command: list[str], env: dict) -> str:
    """Run a client program; its output, or a CommandError with its first error."""
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        message = first_error(result.stderr or result.stdout)
        raise CommandError(f"{Path(command[0]).name} failed: {message}")
    return result.stdout


def first_error(output: str) -> str:
    """The line that says what went wrong, without the program's prefixes.

    pg_restore and psql add context lines ("CONTEXT:", "LINE 1:") and repeat
    themselves; one line is what a person needs to read.
    """
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        match = re.search(r"(?:error|ERROR|FATAL):\s+(.*)", line)
        if match:
            return match.group(1)
    return lines[0] if lines else "no message"


def archive_tables(archive: Path, alias: str = "default") -> set[str]:
    """The tables of the public schema listed in a custom-format archive's TOC.

    Raises CommandError when the file is not such an archive (garbage, a plain
    SQL dump, a header cut short, a format newer than our pg_restore).
    """
    listing = run(
        [find_program("pg_restore", alias), "--list", str(archive)], dict(os.environ)
    )
    # TOC lines read "215; 1259 16390 TABLE public accounts_user postgres".
    return {
        match.group(1)
        for match in re.finditer(
            r"^\d+; \d+ \d+ TABLE public (\S+)(?:\s|$)", listing, re.M
        )
    }


def read_whole_archive(archive: Path, alias: str = "default") -> None:
    """Decompress every block of the archive and throw the SQL away.

    `--list` reads the table of contents only, which sits at the start of the
    file: a dump cut in half lists fine. This pass finds it before anything
    is touched.
    """
    run(
        [find_program("pg_restore", alias), "--file=/dev/null", str(archive)],
        dict(os.environ),
    )


# Written by restore_in_one_transaction after pg_restore's SQL, only once
# pg_restore has exited successfully; checked before psql commits. If the
# stream ends early for any reason (pg_restore or this process killed),
# the check fails and psql rolls back instead of committing half a database.
_COMPLETE_MARK = (
    b"\nSELECT pg_catalog.set_config('carre.restore_complete', 'yes', true);\n"
)
_COMPLETE_CHECK = (
    "DO $$ BEGIN IF pg_catalog.current_setting('carre.restore_complete', true) "
    "IS DISTINCT FROM 'yes' THEN RAISE EXCEPTION 'the backup ended early'; "
    "END IF; END $$"
)


def restore_in_one_transaction(
    archive: Path, *, before: str, alias: str = "default"
) -> None:
    """Run `before` (SQL) and then the whole archive in a single transaction.

    pg_restore writes the archive as SQL, streamed into psql with
    --single-transaction and ON_ERROR_STOP: any failure, at any statement,
    rolls everything back, `before` included. (pg_restore --single-transaction
    alone cannot do this: `before`, e.g. dropping the old tables, would have
    to be committed first.) psql comes from pg_restore's own folder, so both
    speak the same dialect.
    """
    conninfo, env = connection_arguments(alias)
    env["PGAPPNAME"] = "carre-restore"
    pg_restore = find_program("pg_restore", alias)
    psql = Path(pg_restore).with_name("psql")
    if not psql.exists():
        raise CommandError(f"psql not found beside {pg_restore}: install it.")
    with tempfile.TemporaryFile() as reader_errors, tempfile.TemporaryFile() as errors:
        reader = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(archive)],
            stdout=subprocess.PIPE,
            stderr=reader_errors,
            env=env,
        )
        writer = subprocess.Popen(
            [
                str(psql),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--output=/dev/null",
                f"--dbname={conninfo}",
                f"--command={before}",
                "--file=-",
                f"--command={_COMPLETE_CHECK}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        psql_stopped = False
        try:
            shutil.copyfileobj(reader.stdout, writer.stdin, 1 << 16)
        except BrokenPipeError:
            # psql stopped at an error (and rolled back): no need to read on.
            psql_stopped = True
            reader.kill()
        reader.stdout.close()
        if reader.wait() == 0 and not psql_stopped:
            with contextlib.suppress(BrokenPipeError):
                writer.stdin.write(_COMPLETE_MARK)
                writer.stdin.close()
        else:
            # Never let psql reach the end of its input: killed, it sends no
            # COMMIT and the server rolls the transaction back.
            writer.kill()
            with contextlib.suppress(BrokenPipeError):
                writer.stdin.close()
        writer.wait()
        if reader.returncode != 0 and not psql_stopped:
            reader_errors.seek(0)
            message = reader_errors.read().decode(errors="replace")
            raise CommandError(f"the backup could not be read: {first_error(message)}")
        if writer.returncode != 0:
            errors.seek(0)
            message = first_error(errors.read().decode(errors="replace"))
            raise CommandError(message)
