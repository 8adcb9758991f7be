from forum import benchmark


def test_benchmark_queries_do_not_grow(db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    small = {row["page"]: row["queries"] for row in benchmark.run(30)}
    large = {row["page"]: row["queries"] for row in benchmark.run(90)}
    assert small == large
