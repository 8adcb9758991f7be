"""`manage.py backup` and `manage.py restore`: a full round trip, compared table
by table, with the embedded server and with DATABASE_URL; uploaded files; and
restores that must refuse or fail without changing anything."""

import os
import shutil
import subprocess
import tempfile
import urllib.parse
import warnings
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command

from tests.ops.conftest import command_env, manage

LOAD_DEMO = "from carre import demo; demo.load()"


@pytest.fixture(scope="module")
def demo_server():
    """A temporary embedded server with the demo data, held open by this module."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="carre-backup-"))
    env = command_env(data_dir)
    manage("migrate", "--noinput", env=env, timeout=180)
    manage("shell", "-c", LOAD_DEMO, env=env)
    server = pgserver.get_server(data_dir / "postgres", cleanup_mode="stop")
    yield server
    server._cleanup()
    shutil.rmtree(data_dir, ignore_errors=True)


def connect(server, dbname):
    socket_dir = server.get_postmaster_info().socket_dir
    return psycopg.connect(
        host=str(socket_dir), user="postgres", dbname=dbname, autocommit=True
    )


def database_url(server, dbname):
    socket_dir = urllib.parse.quote(str(server.get_postmaster_info().socket_dir))
    return f"postgresql://postgres@/{dbname}?host={socket_dir}"


def snapshot(server, dbname) -> dict:
    """Every table's rows (sorted) and every sequence's position."""
    with connect(server, dbname) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        content = {}
        for table in tables:
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
            content[table] = sorted(rows, key=repr)
        for (sequence,) in connection.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            content[f"sequence {sequence}"] = connection.execute(
                f'SELECT last_value FROM "{sequence}"'  # noqa: S608
            ).fetchone()
    return content


def test_backup_then_restore_into_a_fresh_database(demo_server, tmp_path):
    data_dir = demo_server.pgdata.parent
    backup = tmp_path / "carre.dump"
    result = manage("backup", str(backup), env=command_env(data_dir))
    assert "Backup written" in result.stdout
    assert backup.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

    with connect(demo_server, "postgres") as connection:
        connection.execute("CREATE DATABASE restored")
    url_env = command_env(data_dir, DATABASE_URL=database_url(demo_server, "restored"))
    manage("restore", "--noinput", str(backup), env=url_env)

    original = snapshot(demo_server, "postgres")
    assert original["accounts_user"], "the demo data is in the backup"
    assert len(original) > 20
    assert snapshot(demo_server, "restored") == original


def test_restore_replaces_existing_content(demo_server, tmp_path):
    data_dir = demo_server.pgdata.parent
    backup = tmp_path / "before.dump"
    env = command_env(data_dir)
    manage("backup", str(backup), env=env)
    before = snapshot(demo_server, "postgres")

    add_user = "from accounts.models import User; User.objects.create(username='late')"
    manage("shell", "-c", add_user, env=env)
    assert snapshot(demo_server, "postgres") != before

    manage("restore", "--noinput", str(backup), env=env)
    assert snapshot(demo_server, "postgres") == before
    assert os.path.getsize(backup) > 0


def test_restore_refuses_a_missing_file(data_dir, tmp_path):
    result = manage(
        "restore",
        "--noinput",
        str(tmp_path / "nothing.dump"),
        env=command_env(data_dir),
        check=False,
    )
    assert result.returncode != 0
    assert "No such backup file" in result.stderr


LEAFLET = b"%PDF-1.4 campaign leaflet, Reims 2020"


@pytest.fixture(scope="module")
def backup_with_media(demo_server, tmp_path_factory):
    """A backup with --media of the demo database plus one uploaded file; and
    the state it holds (every table, the file)."""
    data_dir = demo_server.pgdata.parent
    upload = data_dir / "media" / "sources" / "leaflet.pdf"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(LEAFLET)
    backup = tmp_path_factory.mktemp("media-backup") / "carre.dump"
    result = manage("backup", "--media", str(backup), env=command_env(data_dir))
    assert "Uploaded files (1) written" in result.stdout
    return backup, snapshot(demo_server, "postgres")


def refused(result) -> str:
    """The command failed with a one-line message; that line."""
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "\n" not in message, message
    return message


def other_application_dump(server, path: Path) -> Path:
    """A custom-format dump of a tiny database that is not Carré's."""
    with connect(server, "postgres") as connection:
        connection.execute("DROP DATABASE IF EXISTS invoicing")
        connection.execute("CREATE DATABASE invoicing")
    with connect(server, "invoicing") as connection:
        connection.execute(
            "CREATE TABLE invoice (id integer PRIMARY KEY, total numeric)"
        )
        connection.execute("INSERT INTO invoice VALUES (1, 210000)")
    socket_dir = server.get_postmaster_info().socket_dir
    subprocess.run(
        [
            pg_dump(),
            "--format=custom",
            f"--file={path}",
            f"--dbname=host={socket_dir} user=postgres dbname=invoicing",
        ],
        check=True,
    )
    return path


def pg_dump() -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / "pg_dump")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("garbage", "is not a backup made by `manage.py backup`"),
        ("truncated", "is truncated or damaged"),
        ("truncated near the end", "is truncated or damaged"),
        ("other application", "is a dump of another application"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_complete_backup(
    demo_server, backup_with_media, tmp_path, kind, expected
):
    backup, _ = backup_with_media
    bad = tmp_path / "bad.dump"
    if kind == "garbage":
        bad.write_bytes(b"not a dump at all\n" * 100)
    elif kind == "truncated":
        content = backup.read_bytes()
        bad.write_bytes(content[: len(content) // 2])
    elif kind == "truncated near the end":
        # The table of contents is whole: only the last data blocks are cut.
        content = backup.read_bytes()
        bad.write_bytes(content[:-200])
    else:
        other_application_dump(demo_server, bad)
    before = snapshot(demo_server, "postgres")
    assert before["accounts_user"]

    result = manage(
        "restore",
        "--noinput",
        str(bad),
        env=command_env(demo_server.pgdata.parent),
        check=False,
    )

    assert expected in refused(result)
    assert "Nothing was changed" in result.stderr
    assert snapshot(demo_server, "postgres") == before


def test_restore_failing_midway_leaves_the_database_unchanged(
    demo_server, backup_with_media
):
    backup, _ = backup_with_media
    data_dir = demo_server.pgdata.parent
    upload = data_dir / "media" / "sources" / "leaflet.pdf"
    late_upload = data_dir / "media" / "sources" / "late.pdf"
    late_upload.write_bytes(b"%PDF uploaded after the backup")
    # Fails the restore after the old tables are dropped and the backup's rows
    # are loaded: at its first CREATE INDEX, near the end.
    with connect(demo_server, "postgres") as connection:
        connection.execute("CREATE SCHEMA guard")
        connection.execute(
            "CREATE FUNCTION guard.refuse() RETURNS event_trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION 'no space left on device (simulated)'; END $$"
        )
        connection.execute(
            "CREATE EVENT TRIGGER refuse_indexes ON ddl_command_end "
            "WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION guard.refuse()"
        )
    try:
        before = snapshot(demo_server, "postgres")
        result = manage(
            "restore", "--noinput", str(backup), env=command_env(data_dir), check=False
        )
        after = snapshot(demo_server, "postgres")
    finally:
        with connect(demo_server, "postgres") as connection:
            connection.execute("DROP EVENT TRIGGER refuse_indexes")
            connection.execute("DROP SCHEMA guard CASCADE")

    assert "no space left on device (simulated)" in refused(result)
    assert after == before
    # The media were not swapped either.
    assert late_upload.exists() and upload.read_bytes() == LEAFLET
    late_upload.unlink()


def test_restore_refuses_while_other_sessions_are_connected(
    demo_server, backup_with_media
):
    backup, _ = backup_with_media
    before = snapshot(demo_server, "postgres")
    with connect(demo_server, "postgres") as site:
        result = manage(
            "restore",
            "--noinput",
            str(backup),
            env=command_env(demo_server.pgdata.parent),
            check=False,
        )
        assert "1 other connection(s)" in refused(result)
        assert site.execute("SELECT 1").fetchone() == (1,)
    assert snapshot(demo_server, "postgres") == before


def test_backup_with_media_round_trip(demo_server, backup_with_media):
    backup, backed_up = backup_with_media
    data_dir = demo_server.pgdata.parent
    media = data_dir / "media"
    (media / "sources" / "leaflet.pdf").unlink()
    (media / "sources" / "after-backup.pdf").write_bytes(b"%PDF later")
    site = connect(demo_server, "postgres")
    site.execute("TRUNCATE accounts_user CASCADE")
    assert snapshot(demo_server, "postgres") != backed_up

    result = manage(
        "restore",
        "--noinput",
        "--terminate-connections",
        str(backup),
        env=command_env(data_dir),
    )

    assert "Uploaded files restored from carre.dump.media.tar" in result.stdout
    assert snapshot(demo_server, "postgres") == backed_up
    assert (media / "sources" / "leaflet.pdf").read_bytes() == LEAFLET
    assert not (media / "sources" / "after-backup.pdf").exists()
    assert not [path for path in data_dir.iterdir() if path.name.startswith(".media")]
    # The session left open (a running site) was ended, not waited for.
    with pytest.raises(psycopg.OperationalError):
        site.execute("SELECT 1")
    site.close()


def test_backup_media_refuses_a_storage_that_is_not_a_local_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    with pytest.raises(CommandError, match="not in a folder on this server"):
        call_command("backup", "--media", str(tmp_path / "carre.dump"))
    assert not list(tmp_path.iterdir())
