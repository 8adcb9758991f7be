"""Which unique field a refused write collided on.

Forms check that a key or a username is free, for a clear message in the
usual case. Two requests at the same moment can both pass that check; the
database then refuses the second write with an IntegrityError. Services make
that write inside a savepoint and ask `unique_violation_fields` which field it
collided on, to answer with the same form error on that field (a
ValidationError), never a server error.
"""

from django.db import IntegrityError, connections

# PostgreSQL's SQLSTATE for a unique_violation.
UNIQUE_VIOLATION = "23505"


def unique_violation_fields(
    error: IntegrityError, model, *, using: str = "default"
) -> set[str]:
    """The names of the model's fields covered by the unique constraint violated.

    Empty for any other integrity error (a foreign key, a check, another
    table's constraint): the caller should then let it propagate. Call it after
    the savepoint has rolled back; it reads the constraint's columns from the
    catalogue, so a field declared `unique=True` (whose constraint name
    PostgreSQL chose) and a named UniqueConstraint are found alike.
    """
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if getattr(cause, "sqlstate", None) != UNIQUE_VIOLATION or diag is None:
        return set()
    table = model._meta.db_table
    if diag.table_name != table:
        return set()
    connection = connections[using]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    columns = constraints.get(diag.constraint_name, {}).get("columns") or []
    by_column = {field.column: field.name for field in model._meta.concrete_fields}
    return {by_column[column] for column in columns if column in by_column}
