from django.template import Context, Template

from carre.diff import Chunk, diff_html, diff_stats, word_diff


def changes(chunks):
    return [(chunk.op, chunk.text) for chunk in chunks if chunk.op != "equal"]


def test_word_diff_of_equal_texts_is_one_equal_chunk():
    assert word_diff("Thales teste Savari.", "Thales teste Savari.") == [
        Chunk("equal", "Thales teste Savari.")
    ]


def test_word_diff_of_empty_texts_is_empty():
    assert word_diff("", "") == []
    assert word_diff(None, None) == []


def test_word_diff_insertion():
    chunks = word_diff("Thales teste.", "Thales teste Savari.")
    assert changes(chunks) == [("insert", " Savari")]
    assert "".join(c.text for c in chunks) == "Thales teste Savari."


def test_word_diff_from_nothing_is_one_insertion():
    assert word_diff("", "Premier message") == [Chunk("insert", "Premier message")]


def test_word_diff_deletion():
    chunks = word_diff("le logiciel Savari est testé", "le logiciel est testé")
    assert changes(chunks) == [("delete", "Savari ")]


def test_word_diff_replacement_deletes_then_inserts():
    chunks = word_diff("le coût est 60 000 €", "le coût est 210 000 €")
    assert changes(chunks) == [("delete", "60"), ("insert", "210")]
    assert diff_stats(chunks) == {"added": 1, "removed": 1}


def test_word_diff_keeps_line_breaks_and_counts_whitespace_changes():
    old = "Premier paragraphe.\n\nDeuxième paragraphe."
    chunks = word_diff(old, "Premier paragraphe.\nDeuxième paragraphe.")
    assert changes(chunks) == [("delete", "\n\n"), ("insert", "\n")]
    # Whitespace changes are shown but are no words added or removed.
    assert diff_stats(chunks) == {"added": 0, "removed": 0}
    # The old text is the equal and deleted chunks, whitespace included.
    assert "".join(c.text for c in chunks if c.op != "insert") == old


def test_word_diff_splits_punctuation_from_words():
    chunks = word_diff("en 2021.", "en 2021 ;")
    assert changes(chunks) == [("delete", "."), ("insert", " ;")]


def test_chunks_unpack_as_pairs_and_read_as_attributes():
    [(op, text)] = word_diff("a", "a")
    assert (op, text) == ("equal", "a")
    assert word_diff("a", "a")[0].text == "a"


def test_diff_stats_counts_words_of_each_side():
    chunks = word_diff("un deux trois", "un quatre cinq six trois")
    assert diff_stats(chunks) == {"added": 3, "removed": 1}


def test_diff_html_marks_insertions_and_deletions():
    html = diff_html(word_diff("le coût est 60 €", "le coût est 210 €"))
    assert html == "le coût est <del>60</del><ins>210</ins> €"


def test_diff_html_escapes_both_sides():
    html = diff_html(word_diff("<script>x</script>", "<img>x</script>"))
    assert html == "&lt;<del>script</del><ins>img</ins>&gt;x&lt;/script&gt;"
    html = diff_html(word_diff('a "b" & c', "a 'b' & c"))
    quotes = "<del>&quot;</del><ins>&#x27;</ins>"
    assert html == f"a {quotes}b{quotes} &amp; c"


def test_diff_html_escapes_whole_inserted_and_deleted_markup():
    html = diff_html([Chunk("delete", "<b>old</b>"), Chunk("insert", '<i a="1">')])
    assert (
        html == "<del>&lt;b&gt;old&lt;/b&gt;</del><ins>&lt;i a=&quot;1&quot;&gt;</ins>"
    )


def test_diff_html_filter_renders_the_same_markup_in_a_template():
    chunks = word_diff("a <b>", "a <i>")
    rendered = Template("{% load diff %}{{ chunks|diff_html }}").render(
        Context({"chunks": chunks})
    )
    assert rendered == diff_html(chunks)
    assert rendered == "a &lt;<del>b</del><ins>i</ins>&gt;"


def test_side_html_marks_each_version_own_words_escaped():
    from carre.diff import side_html, word_diff

    chunks = word_diff("Leur <b>texte</b>.", "Mon <b>texte</b>.")
    old, new = str(side_html(chunks, "old")), str(side_html(chunks, "new"))
    assert old == "<mark>Leur</mark> &lt;b&gt;texte&lt;/b&gt;."
    assert new == "<mark>Mon</mark> &lt;b&gt;texte&lt;/b&gt;."
