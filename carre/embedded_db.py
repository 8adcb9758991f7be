"""The embedded PostgreSQL server used when no DATABASE_URL is set.

pgserver ships real PostgreSQL binaries and keeps a per-data-folder list of the
processes using the server: it starts the server on first use and stops it when
the last of those processes exits, so several processes (the demo's autoreloader
and its child, a second `demo`) share one server safely instead of fighting over
the data folder.
"""

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
            server = pgserver.get_server(pgdata, cleanup_mode="stop")
            _servers[pgdata] = server
        return server


def socket_dir(data_dir: Path) -> str:
    """The Unix socket directory of the running server (its "host")."""
    info = ensure_running(data_dir).get_postmaster_info()
    return str(info.socket_dir)


def _forget_dead_handles(pgserver, pgdata: Path) -> None:
    """Drop processes that died without saying so (kill -9) from the handle list.

    Otherwise the server would wait forever for them and outlive every real user.
    """
    import json

    import psutil

    handles = pgdata / ".handle_pids.json"
    with pgserver.PostgresServer._lock:
        if not handles.exists():
            return
        pids = json.loads(handles.read_text() or "[]")
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))
