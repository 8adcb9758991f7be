from hypothesis import given, settings
from hypothesis import strategies as st

from carre.merge import merge_texts, merge_values

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


paragraph = st.text(alphabet="abcdefgh ,.é", min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    base=st.lists(paragraph, min_size=2, max_size=12),
    data=st.data(),
)
def test_merge_texts_disjoint_paragraph_edits_always_merge(base, data):
    base = [f"P{i} {text}" for i, text in enumerate(base)]
    indexes = list(range(len(base)))
    mine_edits = data.draw(st.sets(st.sampled_from(indexes)))
    their_edits = (
        data.draw(
            st.sets(st.sampled_from([i for i in indexes if i not in mine_edits] or [0]))
        )
        - mine_edits
    )
    mine = [f"M{i} {p}" if i in mine_edits else p for i, p in enumerate(base)]
    theirs = [f"T{i} {p}" if i in their_edits else p for i, p in enumerate(base)]
    expected = [mine[i] if i in mine_edits else theirs[i] for i in range(len(base))]
    result = merge_texts("\n\n".join(base), "\n\n".join(mine), "\n\n".join(theirs))
    assert result.clean
    assert result.text == "\n\n".join(expected)


@given(base=st.text(), other=st.text())
def test_merge_texts_with_an_unchanged_side_takes_the_other(base, other):
    assert merge_texts(base, other, base).text == other
    assert merge_texts(base, base, other).text == other
    assert merge_texts(base, other, other).text == other


def test_text_blocks_split_agreed_lines_from_conflicts():
    from carre.merge import resolve_blocks, text_blocks

    base = "Un.\n\nDeux.\n\nTrois."
    mine = "Un, moi.\n\nDeux.\n\nTrois, moi."
    theirs = "Un, eux.\n\nDeux, eux.\n\nTrois, eux."
    blocks = text_blocks(base, mine, theirs)
    conflicts = [block for block in blocks if block.conflict]
    assert [(b.mine, b.theirs) for b in conflicts] == [
        (("Un, moi.",), ("Un, eux.",)),
        (("Trois, moi.",), ("Trois, eux.",)),
    ]
    # Their change nobody else touched is taken whatever the choices.
    assert resolve_blocks(blocks, ["mine", "theirs"]) == (
        "Un, moi.\n\nDeux, eux.\n\nTrois, eux."
    )
    assert resolve_blocks(blocks, ["both"]) == (
        "Un, moi.\n\nUn, eux.\n\nDeux, eux.\n\nTrois, moi."
    )
    # The markers of merge_texts come from the same blocks.
    assert merge_texts(base, mine, theirs).conflicts == len(conflicts)
