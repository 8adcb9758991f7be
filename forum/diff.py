"""A readable word-level diff between two revisions of a post."""

import re
from difflib import SequenceMatcher

# Words, runs of whitespace (so line breaks survive) and single punctuation marks.
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) chunks turning `old` into `new`; op is equal, insert or delete."""
    old_tokens = TOKEN_RE.findall(old or "")
    new_tokens = TOKEN_RE.findall(new or "")
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    chunks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if op in ("delete", "replace"):
            chunks.append(("delete", "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(("insert", "".join(new_tokens[j1:j2])))
    return chunks
