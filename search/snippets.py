"""Snippets: the passage PostgreSQL chose, shown in the text's own spelling.

`ts_headline` works on the normalised text (no accents, lower case), since
that is where the normalised query matches. Showing that would print
"videosurveillance a reims" for "Vidéosurveillance à Reims", so the passage
is found again, word by word, in the original text and the highlighted words
marked there.

A snippet is a tuple of `Segment`s, plain text and a flag; the template
prints each one escaped, inside `<mark>` when flagged, so no stored markup
can ever come through (there is no HTML string to sanitise).
"""

import re
from typing import NamedTuple

from search.normalise import normalise

MARK_START, MARK_STOP = "\x02", "\x03"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=30, MinWords=12"
)
WORD = re.compile(r"\w+")
FRAGMENT_TOKEN = re.compile(rf"{MARK_START}|{MARK_STOP}|\w+")
# Markdown's emphasis and code marks, and headings and quotes at a line's
# start: noise in a one-line snippet.
MARKDOWN_MARKS = re.compile(r"(?m)[*_`]+|^[ \t]*[#>]+")
SPACES = re.compile(r"\s+")
FALLBACK_WORDS = 30


class Segment(NamedTuple):
    text: str
    marked: bool = False


def _fragment_words(fragment: str) -> list[tuple[str, bool]]:
    words, marked = [], False
    for token in FRAGMENT_TOKEN.finditer(fragment):
        value = token.group()
        if value == MARK_START:
            marked = True
        elif value == MARK_STOP:
            marked = False
        else:
            words.append((value.lower(), marked))
    return words


def _clean(text: str) -> str:
    return SPACES.sub(" ", MARKDOWN_MARKS.sub("", text))


def _align(words: list, wanted: list[str]) -> list[int] | None:
    """Indexes of `words` (matches in the text) whose normalised forms are
    `wanted`, in order. Words PostgreSQL left out of its passage (HTML tags,
    for one) may be skipped; the first place where all are found wins."""
    if not wanted:
        return None
    normalised = [normalise(word.group()) for word in words]
    slack = len(wanted) * 2
    for start, value in enumerate(normalised):
        if value != wanted[0]:
            continue
        found, position = [start], start + 1
        for word in wanted[1:]:
            limit = min(len(normalised), position + slack)
            while position < limit and normalised[position] != word:
                position += 1
            if position >= limit:
                break
            found.append(position)
            position += 1
        if len(found) == len(wanted):
            return found
    return None


def build(text: str, fragment: str | None) -> tuple[Segment, ...]:
    """The snippet of `text` that `fragment` (ts_headline's output) shows."""
    if not text:
        return ()
    words = list(WORD.finditer(text))
    found = _fragment_words(fragment or "")
    places = _align(words, [word for word, _ in found])
    if places is None:
        # The text has letters PostgreSQL and Python case differently, or
        # nothing matched in it: its beginning, unmarked.
        shown = words[:FALLBACK_WORDS]
        if not shown:
            return ()
        end = shown[-1].end()
        suffix = " …" if len(words) > len(shown) else ""
        return (Segment(_clean(text[:end]) + suffix),)
    segments = []
    first, last = words[places[0]], words[places[-1]]
    position = first.start()
    if places[0] > 0:
        segments.append(Segment("… "))
    for place, (_, marked) in zip(places, found, strict=True):
        if marked:
            word = words[place]
            segments.append(Segment(_clean(text[position : word.start()])))
            segments.append(Segment(word.group(), marked=True))
            position = word.end()
    if places[-1] + 1 < len(words):
        segments.append(Segment(_clean(text[position : last.end()])))
        segments.append(Segment(" …"))
    else:
        segments.append(Segment(_clean(text[position:])))
    return tuple(segment for segment in segments if segment.text)
