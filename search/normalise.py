"""How search forgets accents and case: the Python twin of `carre_normalise`.

The embedded PostgreSQL has no contrib modules, so no `unaccent`. Migration
0002 declares an IMMUTABLE SQL function `carre_normalise(text)` instead:
Unicode NFD splits each accented letter into its base letter and combining
marks (U+0300-U+036F), the marks are dropped, the ligatures spelled out, and
the result put in lower case. Both the stored documents and the typed words
go through it, so "Thalès", "THALES" and "thales" are one word, and French
stemming still applies to what remains.

The snippet code uses this twin to find in the original text the words
PostgreSQL highlighted in the normalised one; `tests/search/test_normalise.py`
checks that both agree on the Latin letters.
"""

import re
import unicodedata

COMBINING_MARKS = re.compile("[\u0300-\u036f]")
LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}
_LIGATURES = str.maketrans(LIGATURES)


def normalise(text: str) -> str:
    """`text` without accents, ligatures spelled out, in lower case."""
    bare = COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))
    return bare.translate(_LIGATURES).lower()
