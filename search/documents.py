"""The SQL expressions of search: a row's document, a typed query, a match.

`Document` is the row's `search_document` column, which migration 0002
generates from `carre_search_document(title, secondary, body)` and indexes
(GIN), so the planner answers `@@` from the index. A test checks the plan of
every kind (tests/search/test_documents.py).
"""

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, TextField, Value
from django.db.models.sql import Query

# What each searched table's document is made of (title, secondary, body),
# as migration 0002 generates it; for reading, not used to build SQL.
DOCUMENTS = {
    "forum.Post": ((), (), ("body",)),
    "forum.Thread": (("title",), (), ()),
    "dossiers.Dossier": (("title",), ("place",), ("summary",)),
    "dossiers.Section": (("title",), (), ("text",)),
    "sources.Source": (("title",), ("publisher", "author", "key"), ("description",)),
    "facts.Actor": (("name",), ("role",), ("description",)),
    "facts.Event": (("title",), (), ("description",)),
    "facts.Figure": (("subject",), ("unit",), ("note", "rank_reason")),
    "facts.Deployment": (("name",), (), ("description",)),
}
COLUMN = "search_document"


class Document(Func):
    """The row's stored `search_document` column (migration 0002).

    The models do not declare the column (PostgreSQL generates it), so it is
    named here, next to the table alias Django gives the row's primary key;
    that alias follows the query into subqueries.
    """

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra_context):
        (key,) = self.get_source_expressions()
        table = compiler.quote_name(key.alias)
        return f"{table}.{connection.ops.quote_name(COLUMN)}", []


class Word(Func):
    """What one typed word matches (`carre_search_word`)."""

    function = "carre_search_word"
    output_field = SearchQueryField()

    def __init__(self, word: str, *, prefix: bool):
        super().__init__(Value(word), Value(prefix))


class Phrase(Func):
    """A quoted phrase: its normalised words, stemmed, in this order."""

    template = "phraseto_tsquery('french'::regconfig, carre_normalise(%(expressions)s))"
    output_field = SearchQueryField()

    def __init__(self, phrase: str):
        super().__init__(Value(phrase))


class Both(Func):
    template = "(%(expressions)s)"
    arg_joiner = " && "
    output_field = SearchQueryField()


class Either(Func):
    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchQueryField()


class Not(Func):
    template = "(!! %(expressions)s)"
    output_field = SearchQueryField()


class TsQuery(Func):
    """A tsquery given as its text (`evaluate`)."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()

    def __init__(self, text: str):
        super().__init__(Value(text))


def evaluate(query) -> str:
    """The text of the tsquery that `query` (Word, Phrase, Both…) builds.

    PostgreSQL normalises and stems the typed words once, here; the search
    query then holds a constant. (Left as function calls, the planner folds
    each of them: three per kind, 4 ms of planning for the nine kinds.)
    """
    compiler = Query(None).get_compiler(connection=connection)
    sql, params = compiler.compile(query.resolve_expression(compiler.query))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)
        return cursor.fetchone()[0]


class Matches(Func):
    """`document @@ query`, usable in `.filter()`."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class Rank(Func):
    """`ts_rank` with the default weights (A 1.0, B 0.4, C 0.2), divided by
    1 + log(length) so that a long text repeating a word does not outrank a
    title."""

    template = "ts_rank(%(expressions)s, 1)"
    output_field = FloatField()


class Headline(Func):
    """The best passage of `field`, normalised, with the matches between the
    markers of `options` (search/snippets.py maps it back onto the original
    text)."""

    output_field = TextField()

    def __init__(self, field: str, query, *, options: str):
        super().__init__(F(field), query)
        self.options = options

    def as_sql(self, compiler, connection, **extra_context):
        field, query = self.get_source_expressions()
        field_sql, field_params = compiler.compile(field)
        query_sql, query_params = compiler.compile(query)
        sql = (
            f"ts_headline('french'::regconfig, carre_normalise({field_sql}), "
            f"{query_sql}, %s)"
        )
        return sql, (*field_params, *query_params, self.options)
