"""`manage.py backup FILE`: a pg_dump of the whole database (custom format),
and with --media the uploaded files in FILE.media.tar beside it."""

from pathlib import Path

from django.core.management.base import BaseCommand

from carre import media_backup, pg_tools


class Command(BaseCommand):
    help = (
        "Write a backup of the database to FILE (pg_dump custom format, "
        "restorable with `manage.py restore FILE` or pg_restore); with --media, "
        "the uploaded files too, in FILE.media.tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup, e.g. carre.dump")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also write the uploaded files (MEDIA_ROOT) to FILE.media.tar.",
        )

    def handle(self, *args, file, database, media, **options):
        target = Path(file).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        media_target = media_backup.archive_path(target)
        if media:
            media_backup.media_folder()  # refuses a non-local storage up front
        conninfo, env = pg_tools.connection_arguments(database)
        # Written aside then renamed: a failed backup never replaces a good one.
        draft = target.with_name(f".{target.name}.partial")
        media_draft = media_target.with_name(f".{media_target.name}.partial")
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
            # After the dump: every file its rows name was uploaded before it.
            files = media_backup.write_archive(media_draft) if media else None
            draft.replace(target)
            if media:
                media_draft.replace(media_target)
            elif media_target.exists():
                # restore would pair it with this newer dump.
                media_target.unlink()
                self.stdout.write(f"Removed {media_target.name} (an older backup's).")
        finally:
            draft.unlink(missing_ok=True)
            media_draft.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(f"Backup written to {target} ({size} bytes).")
        if media:
            self.stdout.write(f"Uploaded files ({files}) written to {media_target}.")
