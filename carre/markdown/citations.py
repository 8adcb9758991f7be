"""Citations with Pandoc's syntax, as a markdown-it inline rule.

`[@key]`, with a locator `[@key, p. 66-67]` or `[@key, 15:40]`, several at
once `[@a; @b, p. 3]`. Each cite becomes a marker that already works alone (a
link to the source's page); the page that shows it numbers the markers
(sources.citations.number_citations reads the marker markup written here).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

KEY_PATTERN = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"
_ITEM = rf"@{KEY_PATTERN}(?:[ \t]*,[^;\[\]\n]*)?"
CITE_RE = re.compile(rf"\[[ \t]*{_ITEM}(?:[ \t]*;[ \t]*{_ITEM})*[ \t]*\]")
ITEM_RE = re.compile(rf"@({KEY_PATTERN})(?:[ \t]*,([^;\[\]\n]*))?")
LOCATOR_MAX_LENGTH = 100


@dataclass(frozen=True)
class Cite:
    """One cited source: its key and where in it ("p. 66-67", "15:40")."""

    key: str
    locator: str = ""


def _cites(source: str) -> list[Cite]:
    return [
        Cite(match[1], " ".join((match[2] or "").split())[:LOCATOR_MAX_LENGTH])
        for match in ITEM_RE.finditer(source)
    ]


def citation_rule(state: StateInline, silent: bool) -> bool:
    """`[@key, locator; @other]` becomes one `citation` token."""
    if not state.src.startswith(("[@", "[ "), state.pos):
        return False
    match = CITE_RE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    # `[@x](url)` and `[@x][ref]` stay links.
    if state.src[match.end() : match.end() + 1] in ("(", "["):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"cites": _cites(match.group(0))}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def missing_source(key: str) -> str:
    """The visible warning standing for a cite of a key no source has."""
    # No "@" in the warning: the forum would read it as a mention.
    label = _("[unknown source: %(key)s]") % {"key": key}
    return f'<span class="citation-missing">{escapeHtml(label)}</span>'


def _render_citation(self, tokens, idx, options, env) -> str:
    urls = env["citations"]
    parts = []
    for cite in tokens[idx].meta["cites"]:
        url = urls.get(cite.key)
        if url is None:
            parts.append(missing_source(cite.key))
            continue
        locator = ""
        if cite.locator:
            locator = (
                f'<span class="citation-locator">{escapeHtml(cite.locator)}</span>'
            )
        parts.append(
            f'<sup class="citation"><a class="citation-ref" href="{escapeHtml(url)}">'
            f"[{escapeHtml(cite.key)}]</a>{locator}</sup>"
        )
    return "".join(parts)


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", citation_rule)
    md.add_render_rule("citation", _render_citation)
