"""`manage.py benchmark`: page budgets measured on large generated data.

Runs in a throwaway database (created and dropped like the test database), so
it never touches real data. Each app with a `benchmark` module contributes
`run(scale) -> list[dict]` rows: page, queries, ms (and optional extras). The
query count should not grow with the scale; the times are this machine's.
"""

import time
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from carre.ratelimit import unlimited

BENCHMARK_APPS = ["forum", "dossiers", "sources", "facts", "search"]


class Command(BaseCommand):
    help = "Measure query counts and render times of the main pages on large data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            action="append",
            help="Size of the generated data (repeatable); default 100 and 2000.",
        )

    def handle(self, *args, **options):
        scales = options["scale"] or [100, 2000]
        modules = []
        for app in BENCHMARK_APPS:
            try:
                modules.append(import_module(f"{app}.benchmark"))
            except ModuleNotFoundError as error:
                if error.name not in {app, f"{app}.benchmark"}:
                    raise
        setup_test_environment()
        # The test Client needs the test server's host name to be allowed.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        started = time.perf_counter()
        rows = []
        try:
            with unlimited():
                for scale in scales:
                    for module in modules:
                        for row in module.run(scale):
                            rows.append({"scale": scale, **row})
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.print_table(rows)
        self.stdout.write(f"\nTotal {time.perf_counter() - started:.1f} s")

    def print_table(self, rows):
        self.stdout.write(f"{'page':<40} {'scale':>7} {'queries':>8} {'ms':>9}  notes")
        for row in rows:
            notes = row.get("notes", "")
            self.stdout.write(
                f"{row['page']:<40} {row['scale']:>7} {row['queries']:>8} "
                f"{row['ms']:>9.1f}  {notes}"
            )
