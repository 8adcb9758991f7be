"""`manage.py backup FILE`: a pg_dump of the whole database (custom format)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from carre import pg_tools


class Command(BaseCommand):
    help = (
        "Write a backup of the database to FILE (pg_dump custom format, "
        "restorable with `manage.py restore FILE` or pg_restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup, e.g. carre.dump")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, database, **options):
        target = Path(file).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        conninfo, env = pg_tools.connection_arguments(database)
        # Written aside then renamed: a failed dump never replaces a good one.
        draft = target.with_name(f".{target.name}.partial")
        try:
            pg_tools.run(
                [
                    pg_tools.find_program("pg_dump", database),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={draft}",
                    f"--dbname={conninfo}",
                ],
                env,
            )
            draft.replace(target)
        finally:
            draft.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(f"Backup written to {target} ({size} bytes).")
