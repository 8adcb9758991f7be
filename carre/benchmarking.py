"""Measuring one page: queries and milliseconds, for `<app>/benchmark.py` modules."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def measure_page(path: str, *, user=None, label: str, repeat: int = 5) -> dict:
    """GET `path` `repeat` times (after one warm-up); median time, query count.

    Returns a row for the benchmark table: {"page", "queries", "ms"}.
    """
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
    return {"page": label, "queries": len(queries), "ms": statistics.median(timings)}
