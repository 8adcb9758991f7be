"""Attributed quotes of forum posts, as a markdown-it block rule.

    [quote=123]
    the quoted text, any Markdown
    [/quote]

becomes `quote_open`, the tokens of the quoted text, `quote_close`. The caller
says, for each quoted id, where the post is read and how to attribute it
(QuoteOrigin); a post that was deleted or is gone shows a placeholder instead
of the quoted text.

The stored markup is what forum.rendering.localize_quotes rewrites for each
reader, so it stays exactly:

    <blockquote class="quote" cite="URL"><aside class="quote-attribution">
    <a class="quote-source" href="URL">ATTRIBUTION</a></aside>…</blockquote>

(without the line break), a placeholder being `<p>TEXT</p>` right before
`</blockquote>`, and a quote of a post that is gone
`<blockquote class="quote"><p>TEXT</p></blockquote>`.
"""

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock

# At most 18 digits: any id fits in a bigint, so the caller's lookup cannot fail.
OPEN_RE = re.compile(r"\[quote=(\d{1,18})\][ \t]*")
CLOSE_RE = re.compile(r"\[/quote\][ \t]*")


@dataclass(frozen=True)
class QuoteOrigin:
    """What the caller knows of a quoted post."""

    url: str = ""  # where the quoted post is read; "" when it is gone
    attribution: str = ""  # "Felix wrote:"
    placeholder: str = ""  # shown instead of the quoted text (deleted, gone)


def _line(state: StateBlock, line: int) -> tuple[int, int]:
    return state.bMarks[line] + state.tShift[line], state.eMarks[line]


def _closing_line(state: StateBlock, start: int, end: int) -> int | None:
    """The first `[/quote]` line of the same container, if any."""
    for line in range(start, end):
        if state.isEmpty(line):
            continue
        if state.sCount[line] < state.blkIndent:
            return None
        if not state.is_code_block(line) and CLOSE_RE.fullmatch(
            state.src, *_line(state, line)
        ):
            return line
    return None


def quote_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    opening = OPEN_RE.fullmatch(state.src, *_line(state, start))
    if not opening:
        return False
    closing = _closing_line(state, start + 1, end)
    if closing is None:
        return False
    if silent:
        return True

    parent_type, line_max = state.parentType, state.lineMax
    state.parentType = "quote"  # type: ignore[assignment]
    state.lineMax = closing
    token = state.push("quote_open", "blockquote", 1)
    token.block = True
    token.map = [start, closing + 1]
    token.meta = {
        "id": int(opening.group(1)),
        "text": state.getLines(start + 1, closing, state.blkIndent, False),
    }
    state.md.block.tokenize(state, start + 1, closing)
    token = state.push("quote_close", "blockquote", -1)
    token.block = True
    state.parentType, state.lineMax = parent_type, line_max
    state.line = closing + 1
    return True


def _render_quote_open(self, tokens, idx, options, env) -> str:
    origin = env["quotes"].get(tokens[idx].meta["id"])
    if origin is None or not origin.url:
        html = '<blockquote class="quote">'
    else:
        url = escapeHtml(origin.url)
        html = (
            f'<blockquote class="quote" cite="{url}">'
            f'<aside class="quote-attribution"><a class="quote-source" href="{url}">'
            f"{escapeHtml(origin.attribution)}</a></aside>"
        )
    if origin is not None and origin.placeholder:
        html += f"<p>{escapeHtml(origin.placeholder)}</p>"
    return html


def _render_quote_close(self, tokens, idx, options, env) -> str:
    return "</blockquote>"


def quotes_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "quote",
        quote_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("quote_open", _render_quote_open)
    md.add_render_rule("quote_close", _render_quote_close)
