"""GIN indexes on the French full-text vectors that search.queries builds.

Each expression is exactly what Django compiles for
`SearchVector(*fields, config="french")` on that table, so PostgreSQL uses the
index instead of scanning every row.
"""

from django.db import migrations

INDEXES = {
    "search_post_body": ("forum_post", "COALESCE(body, '')"),
    "search_thread_title": ("forum_thread", "COALESCE(title, '')"),
    "search_dossier": (
        "dossiers_dossier",
        "COALESCE(title, '') || ' ' || COALESCE(summary, '')",
    ),
    "search_section": (
        "dossiers_section",
        "COALESCE(title, '') || ' ' || COALESCE(text, '')",
    ),
    "search_source": (
        "sources_source",
        "COALESCE(title, '') || ' ' || COALESCE(publisher, '') || ' ' "
        "|| COALESCE(author, '')",
    ),
}


def operations():
    for name, (table, document) in INDEXES.items():
        yield migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} "
            f"USING gin (to_tsvector('french'::regconfig, {document}))",
            f"DROP INDEX IF EXISTS {name}",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("dossiers", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = list(operations())
