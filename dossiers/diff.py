"""A readable word-level diff between two revisions' texts."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words, runs of whitespace (kept so that line breaks survive) and punctuation.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Chunk]:
    """Chunks that turn `old` into `new`, word by word."""
    old_tokens = _TOKENS.findall(old or "")
    new_tokens = _TOKENS.findall(new or "")
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
            count[chunk.op] += len(re.findall(r"\w+", chunk.text))
    return {"added": count["insert"], "removed": count["delete"]}
