#!/usr/bin/env python
"""Django's command-line utility for Carré."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carre.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        # An unreachable database is a configuration problem, not a crash:
        # say which setting to look at, in one line.
        source = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "CARRE_DATA_DIR"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else error
        sys.exit(f"Error: cannot connect to the database ({source}): {reason}")
    except ImproperlyConfigured as error:
        sys.exit(f"Error: {error}")


if __name__ == "__main__":
    main()
