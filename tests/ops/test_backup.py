"""`manage.py backup` and `manage.py restore`: a full round trip, compared table
by table, with the embedded server and with DATABASE_URL."""

import os
import shutil
import tempfile
import urllib.parse
import warnings
from pathlib import Path

import psycopg
import pytest

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
