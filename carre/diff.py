"""A readable word-level diff between two versions of a text.

Used by every history page (forum posts, dossier sections): `word_diff` cuts
both texts into words, runs of whitespace and punctuation marks, and returns
the chunks that turn the old text into the new one; `diff_html` shows them
with `<ins>` and `<del>`, escaping both sides.
"""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Words, runs of whitespace (kept so that line breaks survive) and single
# punctuation marks.
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
WORD_RE = re.compile(r"\w+")


class Chunk(NamedTuple):
    """A piece of the diff; a tuple, so templates may write `for op, text in …`."""

    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Chunk]:
    """Chunks that turn `old` into `new`, word by word.

    A replaced run gives its deletion first, then its insertion.
    """
    old_tokens = TOKEN_RE.findall(old or "")
    new_tokens = TOKEN_RE.findall(new or "")
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    chunks: list[Chunk] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(Chunk("equal", "".join(old_tokens[i1:i2])))
            continue
        if op in ("delete", "replace"):
            chunks.append(Chunk("delete", "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(Chunk("insert", "".join(new_tokens[j1:j2])))
    return chunks


def diff_stats(chunks: list[Chunk]) -> dict[str, int]:
    """How many words were added and removed."""
    count = {"insert": 0, "delete": 0}
    for chunk in chunks:
        if chunk.op in count:
            count[chunk.op] += len(WORD_RE.findall(chunk.text))
    return {"added": count["insert"], "removed": count["delete"]}


TAGS = {"insert": "<ins>{}</ins>", "delete": "<del>{}</del>", "equal": "{}"}


def diff_html(chunks: list[Chunk]) -> SafeString:
    """The chunks as HTML: insertions in `<ins>`, deletions in `<del>`.

    Every chunk's text is escaped, whichever side it comes from.
    """
    return format_html_join(
        "", "{}", ((format_html(TAGS[chunk.op], chunk.text),) for chunk in chunks)
    )


def side_html(chunks: list[Chunk], side: str) -> SafeString:
    """One side of the diff, for two versions shown side by side: "old" (the
    deleted words marked) or "new" (the inserted words marked), escaped."""
    hidden = "insert" if side == "old" else "delete"
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html("<mark>{}</mark>", chunk.text)
                if chunk.op != "equal"
                else chunk.text,
            )
            for chunk in chunks
            if chunk.op != hidden
        ),
    )
