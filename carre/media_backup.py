"""Uploaded files in backups: a tar beside the database dump.

`manage.py backup FILE --media` writes FILE.media.tar; `manage.py restore FILE`
extracts it into a folder beside MEDIA_ROOT and swaps that folder in only once
the database is restored, so the files, like the rows, come back whole or not
at all. Only a local FileSystemStorage has a folder to copy: files kept by an
object store (S3 and the like) are backed up with that store's own tools.
"""

import os
import secrets
import shutil
import tarfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError

# Every member of the archive lives under this folder name.
TOP = "media"


def archive_path(dump: Path) -> Path:
    """Where the media archive of a dump lives: beside it."""
    return dump.with_name(f"{dump.name}.media.tar")


def media_folder() -> Path:
    """MEDIA_ROOT as the default storage sees it; CommandError if not on disk."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        backend = f"{type(storage).__module__}.{type(storage).__qualname__}"
        raise CommandError(
            f"Uploaded files are kept by {backend}, not in a folder on this "
            "server: back them up with that storage's own tools (bucket "
            "versioning or replication); --media copies a local media folder only."
        )
    return Path(storage.location)


def write_archive(target: Path) -> int:
    """Tar the media folder into target; the number of files written."""
    folder = media_folder()
    count = 0
    with tarfile.open(target, "w") as archive:
        if not folder.is_dir():
            # Nothing uploaded yet: an empty folder, restored as such.
            empty = tarfile.TarInfo(TOP)
            empty.type, empty.mode = tarfile.DIRTYPE, 0o755
            archive.addfile(empty)
        else:
            archive.add(folder, arcname=TOP, recursive=False)
            for path in sorted(folder.rglob("*")):
                archive.add(
                    path, arcname=f"{TOP}/{path.relative_to(folder)}", recursive=False
                )
                count += path.is_file()
    return count


def extract_beside(source: Path) -> Path:
    """Extract the archive into a new hidden folder beside MEDIA_ROOT.

    Refuses archives holding anything but regular files and folders under
    `media/` (the "data" filter: no absolute paths, no `..`, no links out,
    no devices). The caller swaps the folder in or removes it.
    """
    folder = media_folder()
    staging = _staging_dir(folder)
    try:
        with tarfile.open(source) as archive:
            members = archive.getmembers()
            if not members or any(
                member.name != TOP and not member.name.startswith(f"{TOP}/")
                for member in members
            ):
                raise CommandError(
                    f"{source.name} is not a media archive made by `manage.py backup`."
                )
            archive.extractall(staging, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise CommandError(f"{source.name} cannot be extracted: {error}") from error
    except CommandError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_in(staging: Path) -> None:
    """Make the extracted files MEDIA_ROOT, and remove the previous ones."""
    folder = media_folder()
    restored = staging / TOP
    restored.mkdir(exist_ok=True)
    previous = folder.with_name(f".{folder.name}-before-restore-{secrets.token_hex(4)}")
    if os.path.ismount(folder):
        # A mounted folder cannot be renamed: swap what it holds instead
        # (the staging folder was made inside it, on the same filesystem).
        previous = folder / previous.name
        previous.mkdir()
        for entry in list(folder.iterdir()):
            if entry not in (previous, staging):
                entry.rename(previous / entry.name)
        for entry in list(restored.iterdir()):
            entry.rename(folder / entry.name)
    else:
        if folder.exists():
            folder.rename(previous)
        restored.rename(folder)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _staging_dir(folder: Path) -> Path:
    parent = folder if os.path.ismount(folder) else folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{folder.name}-restore-{secrets.token_hex(4)}"
    staging.mkdir()
    return staging
