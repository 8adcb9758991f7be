from search.snippets import MARK_START, MARK_STOP, Segment, build


def marked(segments):
    return [segment.text for segment in segments if segment.marked]


def test_build_marks_the_words_in_their_original_spelling():
    text = "À Reims, la vidéosurveillance de Thalès s'étend."
    fragment = (
        f"a reims, la {MARK_START}videosurveillance{MARK_STOP} de thales s'etend."
    )
    segments = build(text, fragment)
    assert marked(segments) == ["vidéosurveillance"]
    assert "".join(segment.text for segment in segments) == text


def test_build_adds_ellipses_around_a_passage_inside_the_text():
    text = "Un deux trois Savari cinq six sept"
    segments = build(text, f"trois {MARK_START}savari{MARK_STOP} cinq")
    assert segments[0] == Segment("… ")
    assert segments[-1] == Segment(" …")
    assert marked(segments) == ["Savari"]


def test_build_falls_back_to_the_beginning_without_marks():
    text = "Texte sans correspondance " * 20
    segments = build(text, "autre chose")
    assert marked(segments) == []
    assert segments[0].text.startswith("Texte sans")
    assert segments[0].text.endswith("…")


def test_build_keeps_markup_as_text():
    text = "<b>Savari</b> <script>alert(1)</script>"
    segments = build(text, f"<b>{MARK_START}savari{MARK_STOP}</b> <script>alert(1)")
    assert marked(segments) == ["Savari"]
    assert "<script>" in "".join(segment.text for segment in segments)
