import pytest
from django.apps import apps
from django.db import connection

from search.documents import DOCUMENTS, Document, Matches, Word


@pytest.mark.parametrize("label", sorted(DOCUMENTS))
def test_document_search_uses_the_gin_index(db, label):
    """With sequential scans discouraged, the plan must go through our index:
    the expression built here is the one migration 0002 indexed."""
    model = apps.get_model(label)
    query = (
        model.objects.filter(Matches(Document(), Word("savari", prefix=True)))
        .order_by()
        .values("pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"search_document_{model._meta.model_name}" in plan
