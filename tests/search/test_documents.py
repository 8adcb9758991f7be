import pytest
from django.apps import apps
from django.db import connection

from search.documents import DOCUMENTS, Document, Matches, TsQuery, Word, evaluate


@pytest.mark.parametrize("evaluated", [False, True], ids=["calls", "constant"])
@pytest.mark.parametrize("label", sorted(DOCUMENTS))
def test_document_search_uses_the_gin_index(db, label, evaluated):
    """With sequential scans discouraged, the plan must go through our index:
    the expression built here is the one migration 0002 indexed, and the
    prefix query (`'savari':*`) is answered by it, whether as function calls
    or as the constant search.queries gives it (`evaluate`)."""
    model = apps.get_model(label)
    typed = Word("savari", prefix=True)
    if evaluated:
        typed = TsQuery(evaluate(typed))
    query = model.objects.filter(Matches(Document(), typed)).order_by().values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"search_document_{model._meta.model_name}" in plan
