from dossiers.diff import diff_stats, word_diff
from dossiers.merge import merge_texts, merge_values

BASE = "Intro.\n\nMilieu.\n\nFin."


def test_merge_texts_takes_edits_of_different_paragraphs():
    result = merge_texts(
        BASE, "Intro modifiée.\n\nMilieu.\n\nFin.", "Intro.\n\nMilieu.\n\nFin revue."
    )
    assert result.clean
    assert result.text == "Intro modifiée.\n\nMilieu.\n\nFin revue."


def test_merge_texts_marks_overlapping_edits():
    result = merge_texts(
        BASE,
        "Ma version.\n\nMilieu.\n\nFin.",
        "Leur version.\n\nMilieu.\n\nFin.",
        labels=("moi", "eux"),
    )
    assert result.conflicts == 1
    assert result.text.splitlines()[:5] == [
        "<<<<<<< moi",
        "Ma version.",
        "=======",
        "Leur version.",
        ">>>>>>> eux",
    ]


def test_merge_texts_identical_edits_are_not_a_conflict():
    assert merge_texts(BASE, "X", "X").text == "X"


def test_merge_texts_one_side_unchanged():
    assert merge_texts(BASE, BASE, "Autre").text == "Autre"
    assert merge_texts(BASE, "Mien", BASE).text == "Mien"


def test_merge_texts_insertions_at_both_ends():
    result = merge_texts(BASE, "Avant.\n\n" + BASE, BASE + "\n\nAprès.")
    assert result.clean
    assert result.text == "Avant.\n\n" + BASE + "\n\nAprès."


def test_merge_values():
    assert merge_values("a", "b", "a") == "b"
    assert merge_values("a", "a", "c") == "c"
    assert merge_values("a", "b", "c") is None


def test_word_diff_marks_changed_words():
    chunks = word_diff("le coût est 60 000 €", "le coût est 210 000 €")
    assert [(c.op, c.text) for c in chunks if c.op != "equal"] == [
        ("delete", "60"),
        ("insert", "210"),
    ]
    assert diff_stats(chunks) == {"added": 1, "removed": 1}
