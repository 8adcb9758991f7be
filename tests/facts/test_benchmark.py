from facts import benchmark


def test_benchmark_query_counts_do_not_grow_with_scale(db):
    small = {row["page"]: row["queries"] for row in benchmark.run(10)}
    large = {row["page"]: row["queries"] for row in benchmark.run(60)}
    assert small == large
