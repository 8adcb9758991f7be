"""Lose a race on a unique key on purpose, deterministically.

`held_insert(create)` runs `create()` in a transaction on another connection
and keeps it open until some other statement waits for its row lock (the
INSERT of the same key, made after the form's check passed: that check cannot
see an uncommitted row), then commits. The request under test thus finds the
key free when it validates and taken when it saves: the exact window of two
people submitting at once. Needs the transactional_db fixture.
"""

import contextlib
import threading
import time

from django.db import connection, transaction

WAIT_SECONDS = 20


@contextlib.contextmanager
def held_insert(create):
    """Run the block while create()'s row is inserted but not yet committed."""
    inserted = threading.Event()
    errors = []

    def hold():
        try:
            with transaction.atomic():
                create()
                inserted.set()
                _wait_for_a_lock_waiter()
        except Exception as error:  # reported in the test's thread
            errors.append(error)
        finally:
            inserted.set()
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert inserted.wait(WAIT_SECONDS)
    try:
        yield
    finally:
        holder.join(WAIT_SECONDS)
    assert not holder.is_alive()
    assert errors == []


def _wait_for_a_lock_waiter() -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction the activity view is a snapshot: renew it.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("nothing waited for the held row")
