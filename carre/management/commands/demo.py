"""`manage.py demo`: the whole site, with the Reims demo data, in one command.

It is runserver with a prologue: apply migrations, load the demo data
(idempotently), print the URL and the demo accounts, then serve. It accepts
runserver's options (addrport, --noreload, ...).
"""

import os
import signal
import socket
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.runserver import Command as RunserverCommand
from django.utils import autoreload

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(RunserverCommand):
    help = "Start Carré with its embedded database and the Reims demo data."

    def handle(self, *args, **options):
        # The demo is a local, single-user try-out: full error pages, and no
        # 2FA wall for the demo moderator.
        settings.DEBUG = True
        settings.CARRE_MODERATOR_2FA_REQUIRED = False
        signal.signal(signal.SIGTERM, _exit_with_children)
        super().handle(*args, **options)

    def run(self, **options):
        if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) != "true":
            # Only the first process prepares; the autoreloaded child just serves.
            self.ensure_port_free()
            self.prepare()
        super().run(**options)

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

    def prepare(self):
        from carre import demo

        self.stdout.write("Preparing the database...")
        call_command("migrate", interactive=False, verbosity=0)
        demo.load()
        host = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        if host in {"0", "0.0.0.0"}:  # noqa: S104 - only displayed
            host = "127.0.0.1"
        url = f"{self.protocol}://{host}:{self.port}/"
        lines = ["", f"Carré demo: {url}", "", "Demo accounts (username / password):"]
        for username, _display, role in DEMO_USERS:
            lines.append(f"  {username} / {DEMO_PASSWORD}    ({role})")
        lines.append("")
        self.stdout.write("\n".join(lines))
        sys.stdout.flush()


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
