"""`manage.py restore FILE`: replace the database's content with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from carre import pg_tools


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` (or pg_dump --format=custom). "
        "Everything currently in the database is replaced."
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

    def handle(self, *args, file, database, interactive, **options):
        source = Path(file).resolve()
        if not source.is_file():
            raise CommandError(f"No such backup file: {source}")
        connection = connections[database]
        tables = connection.introspection.table_names()
        if tables and interactive:
            answer = input(
                f"The database holds {len(tables)} tables; they will be replaced by "
                f"the backup {source.name}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        # A clean slate: the backup recreates every table, sequence and index.
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        conninfo, env = pg_tools.connection_arguments(database)
        pg_tools.run(
            [
                pg_tools.find_program("pg_restore", database),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={conninfo}",
                str(source),
            ],
            env,
        )
        self.stdout.write(
            f"Restored {source.name}. Run `manage.py migrate` if this version of "
            "Carré is newer than the backup."
        )
