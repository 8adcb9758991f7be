"""Search that forgets accents and case, over the facts too (issue 13).

Core PostgreSQL only (no `unaccent`): three IMMUTABLE SQL functions.

- `carre_normalise(text)`: accents removed (Unicode NFD, then the combining
  marks dropped), ligatures spelled out, lower case (search/normalise.py is
  its Python twin).
- `carre_search_document(a, b, c)`: the searched document of a row, from its
  title (weight A), secondary fields (B) and body (C); each part both stemmed
  ('french') and as written ('simple'), after normalisation.
- `carre_search_word(word, prefix)`: what one typed word matches: its French
  stem, or the word as typed, whole or as the beginning of a longer word
  ("recon" finds "reconnaissance"); nothing for a French stop word.

The functions that call each other keep the search_path they were created
with: pg_restore recomputes the generated columns with an empty search_path,
where an unqualified `carre_search_words(…)` would not be found.

Each searched table gets a generated column `search_document` and a GIN
index over it, so a search is an index lookup and ranking reads the stored
vector. The functions and columns are written here, not imported, so this
migration keeps meaning what it meant when it ran.
"""

from django.db import migrations

# NFD splits an accented letter into its base and combining marks
# (U+0300-U+036F), which are then dropped: much faster than translate() over
# a list of letters. The ligatures do not decompose and are spelled out.
NORMALISE = r"""
CREATE OR REPLACE FUNCTION carre_normalise(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(
    replace(replace(replace(replace(replace(
      regexp_replace(normalize(value, NFD), '[\u0300-\u036f]', '', 'g'),
    'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss')
  )
$$
"""

WORDS = """
CREATE OR REPLACE FUNCTION carre_search_words(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT to_tsvector('french'::regconfig, carre_normalise(coalesce(value, '')))
      || to_tsvector('simple'::regconfig, carre_normalise(coalesce(value, '')))
$$
"""

DOCUMENT = """
CREATE OR REPLACE FUNCTION carre_search_document(a text, b text, c text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT setweight(carre_search_words(a), 'A')
      || setweight(carre_search_words(b), 'B')
      || setweight(carre_search_words(c), 'C')
$$
"""

# The stem is matched whole: a stem's prefix finds too much ("cameras" stems
# to "cam", which begins "campagne"). The word as typed is matched whole or,
# with `prefix`, as the beginning of a word. quote_literal keeps the word a
# single lexeme whatever it holds; the view only passes letters and digits.
WORD_QUERY = """
CREATE OR REPLACE FUNCTION carre_search_word(word text, prefix boolean)
RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT CASE
    WHEN numnode(plainto_tsquery('french'::regconfig, carre_normalise(word))) = 0
      THEN ''::tsquery
    ELSE
      plainto_tsquery('french'::regconfig, carre_normalise(word))
      || to_tsquery(
        'simple'::regconfig,
        quote_literal(carre_normalise(word)) || CASE WHEN prefix THEN ':*' ELSE '' END
      )
  END
$$
"""

FUNCTIONS = {
    "carre_normalise(text)": NORMALISE,
    "carre_search_words(text)": WORDS,
    "carre_search_document(text, text, text)": DOCUMENT,
    "carre_search_word(text, boolean)": WORD_QUERY,
}

# Each table gets a stored, generated column holding its document, kept up
# to date by PostgreSQL on every insert and update, whoever writes (services,
# admin, bulk loads); ranking and rechecks read it instead of recomputing it.
# Django's models do not declare it: only search/documents.py reads it.
COLUMN = "search_document"

# index name: (table, title, secondary, body).
INDEXES = {
    "search_document_post": ("forum_post", "NULL", "NULL", "body"),
    "search_document_thread": ("forum_thread", "title", "NULL", "NULL"),
    "search_document_dossier": ("dossiers_dossier", "title", "place", "summary"),
    "search_document_section": ("dossiers_section", "title", "NULL", "text"),
    "search_document_source": (
        "sources_source",
        "title",
        "publisher || ' ' || author || ' ' || key",
        "description",
    ),
    "search_document_actor": ("facts_actor", "name", "role", "description"),
    "search_document_event": ("facts_event", "title", "NULL", "description"),
    "search_document_figure": (
        "facts_figure",
        "subject",
        "unit",
        "note || ' ' || rank_reason",
    ),
    "search_document_deployment": ("facts_deployment", "name", "NULL", "description"),
}

# The indexes of migration 0001, over accented French vectors.
OLD_INDEXES = {
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
    for name, (table, document) in OLD_INDEXES.items():
        yield migrations.RunSQL(
            f"DROP INDEX IF EXISTS {name}",
            f"CREATE INDEX {name} ON {table} "
            f"USING gin (to_tsvector('french'::regconfig, {document}))",
        )
    for signature, sql in FUNCTIONS.items():
        yield migrations.RunSQL(sql, f"DROP FUNCTION IF EXISTS {signature}")
    for name, (table, a, b, c) in INDEXES.items():
        yield migrations.RunSQL(
            [
                f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector "
                f"GENERATED ALWAYS AS (carre_search_document({a}, {b}, {c})) STORED",
                f"CREATE INDEX {name} ON {table} USING gin ({COLUMN})",
            ],
            [
                f"DROP INDEX IF EXISTS {name}",
                f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}",
            ],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_indexes"),
        ("forum", "0001_initial"),
        ("dossiers", "0001_initial"),
        ("sources", "0001_initial"),
        ("facts", "0001_initial"),
    ]

    operations = list(operations())
