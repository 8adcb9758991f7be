from django.db import connection

from search.normalise import LIGATURES, normalise

# Latin-1 Supplement and Latin Extended-A: every accented letter of French
# and of the neighbouring languages.
LATIN = "".join(chr(code) for code in range(0xC0, 0x180) if chr(code).isalpha())


def test_normalise_forgets_accents_ligatures_and_case():
    assert normalise("Vidéosurveillance à Reims, THALÈS, œuvre") == (
        "videosurveillance a reims, thales, oeuvre"
    )


def test_normalise_agrees_with_the_sql_function(db):
    letters = LATIN + "".join(LIGATURES) + "AZaz09 -\u2019"
    with connection.cursor() as cursor:
        cursor.execute("SELECT carre_normalise(%s)", [letters])
        (in_sql,) = cursor.fetchone()
    # PostgreSQL's lower() may leave non-ASCII capitals that do not
    # decompose (Ø, Ł) as they are, under the C locale: compare folded.
    assert in_sql.lower() == normalise(letters)
