"""`manage.py demo`: the whole site, with the Reims demo data, in one command.

It is runserver with a prologue: apply migrations, load the demo data
(idempotently), start a background task worker (source fetching, emails),
print the URL and the demo accounts, then serve. It accepts runserver's
options (addrport, --noreload, ...) and --no-worker.
"""

import atexit
import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.runserver import Command as RunserverCommand
from django.utils import autoreload

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(RunserverCommand):
    help = "Start Carré with its embedded database and the Reims demo data."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background task worker (source fetching, "
            "notification emails); run `manage.py db_worker` yourself.",
        )

    def handle(self, *args, **options):
        # The demo is a local, single-user try-out: full error pages, and no
        # 2FA wall for the demo moderator.
        settings.DEBUG = True
        settings.CARRE_MODERATOR_2FA_REQUIRED = False
        self.with_worker = not options["no_worker"]
        signal.signal(signal.SIGTERM, _exit_with_children)
        super().handle(*args, **options)

    def run(self, **options):
        if not settings.CARRE_BASE_URL:
            # Links in the emails the demo prints lead back to this server.
            settings.CARRE_BASE_URL = self.site_url().rstrip("/")
        if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) != "true":
            # Only the first process prepares; the autoreloaded child just serves.
            self.ensure_port_free()
            self.prepare(reload=options["use_reloader"])
        super().run(**options)

    def site_url(self) -> str:
        host = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        if host in {"0", "0.0.0.0"}:  # noqa: S104 - only displayed
            host = "127.0.0.1"
        return f"{self.protocol}://{host}:{self.port}/"

    def ensure_port_free(self):
        family = socket.AF_INET6 if self.use_ipv6 else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((self.addr, int(self.port)))
            except OSError as error:
                raise CommandError(
                    f"{self.addr}:{self.port} is not available ({error.strerror}). "
                    "Is another demo running? Give another address, for example: "
                    "uv run manage.py demo 127.0.0.1:8001"
                ) from None

    def prepare(self, *, reload: bool):
        from carre import demo

        self.stdout.write("Preparing the database...")
        call_command("migrate", interactive=False, verbosity=0)
        demo.load()
        url = self.site_url()
        lines = ["", f"Carré demo: {url}", "", "Demo accounts (username / password):"]
        for username, _display, role in DEMO_USERS:
            lines.append(f"  {username} / {DEMO_PASSWORD}    ({role})")
        lines += [
            "",
            "Two-factor authentication is not required here. A real site asks "
            "staff and moderators to set it up at their first login "
            "(CARRE_MODERATOR_2FA_REQUIRED, on by default).",
            "",
        ]
        if self.with_worker:
            start_worker(settings.CARRE_BASE_URL, reload=reload)
            lines.append(
                "A task worker runs beside the server: it fetches the sources you "
                "add and prints notification emails here."
            )
        else:
            lines.append(
                "No task worker (--no-worker): run `uv run manage.py db_worker` "
                "for sources to be fetched and emails sent."
            )
        lines.append("")
        self.stdout.write("\n".join(lines))
        sys.stdout.flush()


def start_worker(base_url: str, *, reload: bool) -> subprocess.Popen:
    """`manage.py db_worker` as a child process, stopped when the demo exits.

    It shares the terminal, so what it prints (emails, with the console
    mailer) shows beside the server's log; Ctrl-C reaches it too. Like the
    server, it restarts on code changes unless --noreload was given.
    """
    worker = subprocess.Popen(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "db_worker",
            "--interval",
            "1",
            "--no-startup-delay",
            "--reload" if reload else "--no-reload",
        ],
        env={**os.environ, "CARRE_BASE_URL": base_url},
    )
    atexit.register(_stop, worker)
    return worker


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _exit_with_children(signum, frame):
    """On SIGTERM, stop the autoreloaded child too, then exit normally.

    Exiting normally runs the atexit hooks that stop the embedded PostgreSQL
    once its last user is gone, so no server is left behind.
    """
    import psutil

    children = psutil.Process().children()
    for child in children:
        child.terminate()
    psutil.wait_procs(children, timeout=10)
    sys.exit(0)
