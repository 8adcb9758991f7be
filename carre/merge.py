"""Three-way merge of texts, line by line (the diff3 algorithm, on difflib).

Two people start from the same base revision; one saves first ("theirs"),
the other saves later ("mine"). Lines changed on one side only are taken from
that side; a region changed on both sides differently is a conflict.

The merge engine of the revision kernel (`carre.revisions`): pure, no Django.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

MARK_MINE = "<<<<<<< {mine}"
MARK_SEPARATOR = "======="
MARK_THEIRS = ">>>>>>> {theirs}"


@dataclass(frozen=True)
class MergeResult:
    text: str
    conflicts: int

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


def _matching_blocks(base: list[str], other: list[str]):
    return SequenceMatcher(None, base, other, autojunk=False).get_matching_blocks()


def _sync_regions(base: list[str], mine: list[str], theirs: list[str]):
    """Regions of the base unchanged on both sides, with their place in each."""
    mine_blocks = _matching_blocks(base, mine)
    their_blocks = _matching_blocks(base, theirs)
    regions = []
    i = j = 0
    while i < len(mine_blocks) and j < len(their_blocks):
        m_base, m_at, m_len = mine_blocks[i]
        t_base, t_at, t_len = their_blocks[j]
        start = max(m_base, t_base)
        end = min(m_base + m_len, t_base + t_len)
        if start < end:
            m_start = m_at + (start - m_base)
            t_start = t_at + (start - t_base)
            regions.append(
                (
                    start,
                    end,
                    m_start,
                    m_start + end - start,
                    t_start,
                    t_start + end - start,
                )
            )
        if m_base + m_len < t_base + t_len:
            i += 1
        else:
            j += 1
    regions.append(
        (len(base), len(base), len(mine), len(mine), len(theirs), len(theirs))
    )
    return regions


@dataclass(frozen=True)
class Block:
    """A stretch of a three-way merge: lines both sides agree on, or a
    conflict (`mine` and `theirs` both set) where they changed it differently."""

    lines: tuple[str, ...] = ()
    mine: tuple[str, ...] | None = None
    theirs: tuple[str, ...] | None = None

    @property
    def conflict(self) -> bool:
        return self.mine is not None


# How a person settles one conflicting block (carre.merge.resolve_blocks).
KEEP_MINE, KEEP_THEIRS, KEEP_BOTH = "mine", "theirs", "both"
CHOICES = (KEEP_MINE, KEEP_THEIRS, KEEP_BOTH)


def merge_blocks(base: list[str], mine: list[str], theirs: list[str]) -> list[Block]:
    """The merge of `mine` and `theirs` (lines derived from `base`) as blocks:
    agreed lines, and the conflicting regions with both sides."""
    blocks: list[Block] = []
    agreed: list[str] = []

    def close_agreed():
        if agreed:
            blocks.append(Block(lines=tuple(agreed)))
            agreed.clear()

    b = m = t = 0
    for b_match, b_end, m_match, m_end, t_match, t_end in _sync_regions(
        base, mine, theirs
    ):
        base_part = base[b:b_match]
        mine_part = mine[m:m_match]
        their_part = theirs[t:t_match]
        if mine_part or their_part or base_part:
            if mine_part == their_part:
                agreed.extend(mine_part)
            elif mine_part == base_part:
                agreed.extend(their_part)
            elif their_part == base_part:
                agreed.extend(mine_part)
            else:
                close_agreed()
                blocks.append(Block(mine=tuple(mine_part), theirs=tuple(their_part)))
        agreed.extend(base[b_match:b_end])
        b, m, t = b_end, m_end, t_end
    close_agreed()
    return blocks


def merge_lines(
    base: list[str], mine: list[str], theirs: list[str], *, labels=("mine", "theirs")
) -> tuple[list[str], int]:
    """Merged lines and the number of conflicting regions (marked in the lines)."""
    merged: list[str] = []
    conflicts = 0
    for block in merge_blocks(base, mine, theirs):
        if not block.conflict:
            merged.extend(block.lines)
            continue
        conflicts += 1
        merged.append(MARK_MINE.format(mine=labels[0]))
        merged.extend(block.mine)
        merged.append(MARK_SEPARATOR)
        merged.extend(block.theirs)
        merged.append(MARK_THEIRS.format(theirs=labels[1]))
    return merged, conflicts


def text_blocks(base: str, mine: str, theirs: str) -> list[Block]:
    """`merge_texts` as blocks, for a person to settle each conflict."""
    if mine == theirs or theirs == base:
        return [Block(lines=tuple(_lines(mine)))]
    if mine == base:
        return [Block(lines=tuple(_lines(theirs)))]
    return merge_blocks(_lines(base), _lines(mine), _lines(theirs))


def resolve_blocks(blocks: list[Block], choices) -> str:
    """The text of `blocks` with each conflict settled by the next of
    `choices` (KEEP_MINE, KEEP_THEIRS or KEEP_BOTH; missing: KEEP_MINE)."""
    choices = iter(choices)
    lines: list[str] = []
    for block in blocks:
        if not block.conflict:
            lines.extend(block.lines)
            continue
        choice = next(choices, KEEP_MINE)
        if choice in (KEEP_MINE, KEEP_BOTH):
            lines.extend(block.mine)
        if choice == KEEP_BOTH and block.mine and block.theirs:
            lines.append("")  # two paragraphs, not one line glued to the other
        if choice in (KEEP_THEIRS, KEEP_BOTH):
            lines.extend(block.theirs)
    return "\n".join(lines)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def merge_texts(
    base: str, mine: str, theirs: str, *, labels=("mine", "theirs")
) -> MergeResult:
    """Merge two texts derived from `base`; conflicts are marked in the text."""
    if mine == theirs or theirs == base:
        return MergeResult(mine, 0)
    if mine == base:
        return MergeResult(theirs, 0)
    lines, conflicts = merge_lines(
        _lines(base), _lines(mine), _lines(theirs), labels=labels
    )
    return MergeResult("\n".join(lines), conflicts)


def merge_values[T](base: T, mine: T, theirs: T) -> T | None:
    """Merge a single value (a title, a date, a status); None when both sides
    changed it differently."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return None
