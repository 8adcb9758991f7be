"""`manage.py restore FILE`: replace the database's content with a backup.

Nothing is touched until the file has proved to be a complete backup of Carré;
then the old tables are dropped and the backup restored in one transaction, so
a restore that fails half-way leaves the database exactly as it was. Uploaded
files (FILE.media.tar, from `backup --media`) are swapped in only after that.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from carre import media_backup, pg_tools

# Tables every backup of Carré holds, whatever its version: Django's migration
# record, the user table, and at least one table of each of these apps.
CORE_APPS = ("forum", "dossiers")

OTHER_SESSIONS = (
    "FROM pg_catalog.pg_stat_activity WHERE datname = pg_catalog.current_database() "
    "AND pid <> pg_catalog.pg_backend_pid() AND backend_type = 'client backend'"
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` (or pg_dump --format=custom), "
        "with the uploaded files of FILE.media.tar if present. Everything "
        "currently in the database is replaced, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup file made by `manage.py backup`")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation before replacing existing data.",
        )
        parser.add_argument(
            "--no-media",
            action="store_false",
            dest="media",
            help="Restore the database only, even if FILE.media.tar is present.",
        )
        parser.add_argument(
            "--terminate-connections",
            action="store_true",
            help="End the other sessions on the database (a running site, worker "
            "or scheduler) instead of refusing to restore.",
        )

    def handle(self, *args, file, database, interactive, media, **options):
        source = Path(file).resolve()
        if not source.is_file():
            raise CommandError(f"No such backup file: {source}")
        check_backup(source, database)
        media_source = media_backup.archive_path(source)
        with_media = media and media_source.is_file()
        if with_media:
            media_backup.media_folder()  # refuses a non-local storage up front

        connection = connections[database]
        tables = connection.introspection.table_names()
        connection.close()  # psql must be the only session left
        if tables and interactive:
            answer = input(
                f"The database holds {len(tables)} tables; they will be replaced by "
                f"the backup {source.name}"
                f"{' (and the uploaded files too)' if with_media else ''}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")

        staging = media_backup.extract_beside(media_source) if with_media else None
        try:
            pg_tools.restore_in_one_transaction(
                source,
                before=replace_schema_sql(options["terminate_connections"]),
                alias=database,
            )
        except CommandError as error:
            if staging:
                media_backup.discard(staging)
            raise CommandError(
                f"Restore failed, nothing was changed: {error}"
            ) from error
        if staging:
            try:
                media_backup.swap_in(staging)
            except OSError as error:
                raise CommandError(
                    f"The database is restored, but the uploaded files could not "
                    f"be put in place ({error}): they are in {staging}."
                ) from error
            media_note = f" Uploaded files restored from {media_source.name}."
        elif media_source.is_file():
            media_note = " Uploaded files left as they were (--no-media)."
        else:
            media_note = (
                f" Uploaded files left as they were: no {media_source.name} "
                "beside the backup."
            )
        self.stdout.write(
            f"Restored {source.name}.{media_note} Run `manage.py migrate` if this "
            "version of Carré is newer than the backup."
        )


def check_backup(source: Path, alias: str) -> None:
    """Refuse, with one line, a file that is not a complete backup of Carré."""
    try:
        tables = pg_tools.archive_tables(source, alias)
    except CommandError as error:
        with source.open("rb") as start:
            is_dump = start.read(5) == b"PGDMP"  # pg_dump's custom format
        if not is_dump:
            problem = "is not a backup made by `manage.py backup`"
        elif "unsupported version" in str(error):
            problem = (
                "comes from a newer pg_dump than this pg_restore (see CARRE_PG_BIN_DIR)"
            )
        else:
            problem = "is truncated or damaged"
        raise CommandError(
            f"{source.name} {problem} ({error}). Nothing was changed."
        ) from error
    missing = [
        name
        for name in (
            "django_migrations",
            apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table,
        )
        if name not in tables
    ]
    missing += [
        f"{label}_*"
        for label in CORE_APPS
        if not tables
        & {model._meta.db_table for model in apps.get_app_config(label).get_models()}
    ]
    if missing:
        raise CommandError(
            f"{source.name} is a dump of another application, not of Carré (no "
            f"{', '.join(missing)} table). Nothing was changed."
        )
    try:
        pg_tools.read_whole_archive(source, alias)
    except CommandError as error:
        raise CommandError(
            f"{source.name} is truncated or damaged ({error}). Nothing was changed."
        ) from error


def replace_schema_sql(terminate: bool) -> str:
    """SQL run in the restore's transaction before the backup's own."""
    if terminate:
        sessions = (
            f"PERFORM pg_catalog.pg_terminate_backend(pid, 5000) {OTHER_SESSIONS};"
        )
    else:
        sessions = (
            f"SELECT count(*) INTO others {OTHER_SESSIONS}; IF others > 0 THEN "
            "RAISE EXCEPTION '% other connection(s) to the database: stop the site, "
            "worker and scheduler first, or pass --terminate-connections', others; "
            "END IF;"
        )
    # lock_timeout: a session stuck in a transaction makes the restore fail
    # (and roll back) rather than wait forever.
    return (
        "SET LOCAL lock_timeout = '60s'; "
        f"DO $$ DECLARE others integer; BEGIN {sessions} END $$; "
        "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
    )
