"""The embedded PostgreSQL server used when no DATABASE_URL is set.

pgserver ships real PostgreSQL binaries and keeps a per-data-folder list of the
processes using the server: it starts the server on first use and stops it when
the last of those processes exits, so several processes (the demo's autoreloader
and its child, a second `demo`) share one server safely instead of fighting over
the data folder.
"""

import atexit
import contextlib
import json
import os
import signal
import subprocess
import threading
import warnings
from pathlib import Path

_lock = threading.Lock()
_servers: dict[Path, object] = {}


def pgdata_path(data_dir: Path) -> Path:
    return data_dir / "postgres"


def ensure_running(data_dir: Path):
    """Start (or attach to) the server for this data folder; return its handle."""
    pgdata = pgdata_path(data_dir)
    with _lock:
        server = _servers.get(pgdata)
        if server is None:
            # Imported lazily: only needed without DATABASE_URL. platformdirs warns
            # when XDG_RUNTIME_DIR is unset (containers, CI), which is harmless.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
                import pgserver

            data_dir.mkdir(parents=True, exist_ok=True)
            _forget_dead_handles(pgserver, pgdata)
            # Exit hooks run last in, first out: this one after pgserver's own.
            atexit.register(_stop_if_unused, pgserver, pgdata)
            server = pgserver.get_server(pgdata, cleanup_mode="stop")
            _servers[pgdata] = server
            # And this one before it.
            atexit.register(_prepare_exit, pgserver, pgdata)
        return server


def socket_dir(data_dir: Path) -> str:
    """The Unix socket directory of the running server (its "host")."""
    info = ensure_running(data_dir).get_postmaster_info()
    return str(info.socket_dir)


def _prepare_exit(pgserver, pgdata: Path) -> None:
    """Make sure pgserver's exit hook can stop the server if we are its last user.

    A second Ctrl-C or SIGTERM (`uv run` forwards the one the process group
    already got) would abort that hook half-way and leave PostgreSQL running;
    and a user killed without warning (the autoreloader SIGKILLs its child on
    Ctrl-C) must not keep the server alive after we go.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _forget_dead_handles(pgserver, pgdata)


def _stop_if_unused(pgserver, pgdata: Path) -> None:
    """After pgserver's exit hook: stop the server if no live process uses it.

    pgserver stops the server only from the process that removes the last entry
    of its handle list; a process killed half-way through its exit (the
    autoreloader kills its child as soon as it is itself interrupted) can leave
    the list empty, or naming the dead, with the server still running.
    """
    from pgserver._commands import pg_ctl
    from pgserver.utils import PostmasterInfo

    with pgserver.PostgresServer._lock:
        alive = _forget_dead_handles(pgserver, pgdata, locked=True, exclude=os.getpid())
        if alive:
            return
        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is None or not info.is_running():
            return
        user = "pgserver" if os.name == "posix" and os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)


def _forget_dead_handles(
    pgserver, pgdata: Path, *, locked: bool = False, exclude: int | None = None
) -> list[int]:
    """Drop processes that died without saying so (kill -9) from the handle list.

    Otherwise the server would wait forever for them and outlive every real user.
    Returns the processes still using the server.
    """
    if not locked:
        with pgserver.PostgresServer._lock:
            return _forget_dead_handles(pgserver, pgdata, locked=True, exclude=exclude)
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return []
    pids = json.loads(handles.read_text() or "[]")
    alive = [pid for pid in pids if pid != exclude and _is_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))
    return alive


def _is_alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
