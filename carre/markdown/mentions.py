"""@mentions, as a markdown-it core rule that splits text tokens.

`@name` not preceded by a word character, "/", "@" or "." (so no e-mail
addresses, no paths), in text only: never in code, in a link or in an image's
description. The rule runs last, on the final text tokens (after emphasis and
linkify, the way markdown-it's own linkify works), so `_@name_` is an
emphasised mention while `contact@example.org` is an e-mail link.

Whether the name belongs to someone is the caller's lookup; a name nobody has
stays plain text.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MENTION_RE = re.compile(r"(?<![\w/@.])@([A-Za-z0-9_][A-Za-z0-9_.+-]*[A-Za-z0-9_])")


def _split(token: Token) -> list[Token]:
    """The text token as text and `mention` tokens."""
    pieces, position = [], 0
    for match in MENTION_RE.finditer(token.content):
        if match.start() > position:
            pieces.append(_text(token, token.content[position : match.start()]))
        mention = Token("mention", "", 0, level=token.level, content=match.group(0))
        mention.meta = {"name": match.group(1), "quoted": False}
        pieces.append(mention)
        position = match.end()
    if not pieces:
        return [token]
    if position < len(token.content):
        pieces.append(_text(token, token.content[position:]))
    return pieces


def _text(token: Token, content: str) -> Token:
    return Token("text", "", 0, level=token.level, content=content)


def mention_rule(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline":
            continue
        children, in_link = [], 0
        for token in block.children or []:
            if token.type == "link_open":
                in_link += 1
            elif token.type == "link_close":
                in_link -= 1
            if token.type == "text" and not in_link and "@" in token.content:
                children.extend(_split(token))
            else:
                children.append(token)
        block.children = children


def _render_mention(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    shown = env["mentions"].get(token.meta["name"].lower())
    # Names quoted from another post are not mentions of this one.
    if shown is None or token.meta["quoted"]:
        return escapeHtml(token.content)
    return f'<span class="mention">@{escapeHtml(shown)}</span>'


def mentions_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("mention", mention_rule)
    md.add_render_rule("mention", _render_mention)
