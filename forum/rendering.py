"""Post text to HTML: Markdown, attributed quotes and @mentions.

A quote is written in the source as

    [quote=123]
    the quoted text
    [/quote]

and rendered as a blockquote attributed and linked to post 123 ("X wrote in
<thread>:" when it comes from another thread). Mentions are `@username`
outside quotes, code and links. Everything goes through carre.markdown's
sanitizer at the end.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.translation import gettext as _

from carre.markdown import sanitize
from sources.citations import render_with_citations, validate_citations

QUOTE_RE = re.compile(
    r"^\[quote=(?P<id>\d+)\][ \t]*\r?\n(?P<text>.*?)\r?\n\[/quote\][ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# "@name" not preceded by a word character, "/" or "@" (so no emails, no URLs).
MENTION_RE = re.compile(r"(?<![\w/@.])@([A-Za-z0-9_][A-Za-z0-9_.+-]*[A-Za-z0-9_])")
TAG_RE = re.compile(r"(<[^>]+>)")
SKIP_TAGS = {"code", "pre", "a"}


@dataclass
class Rendered:
    html: str
    quotes: list = field(default_factory=list)  # (quoted post, excerpt)
    mentions: list = field(default_factory=list)  # users


def quote_block(post, text: str | None = None) -> str:
    """The Markdown source quoting a post (or the selected part of it)."""
    text = (text if text is not None else post.body).strip()
    # A quote inside the quoted text would end ours early: keep only our level.
    text = QUOTE_RE.sub("", text).strip()
    return f"[quote={post.pk}]\n{text}\n[/quote]\n\n"


def _split(body: str):
    """Yield ("text", source) and ("quote", post id, source) segments."""
    position = 0
    for match in QUOTE_RE.finditer(body):
        if match.start() > position:
            yield ("text", body[position : match.start()])
        yield ("quote", int(match.group("id")), match.group("text"))
        position = match.end()
    if position < len(body):
        yield ("text", body[position:])


def _mention_names(html: str) -> set[str]:
    names = set()
    for part, inside in _text_parts(html):
        if not inside:
            names.update(name.lower() for name in MENTION_RE.findall(part))
    return names


def _text_parts(html: str):
    """Yield (piece, skipped) with skipped True inside code, pre and links."""
    depth = 0
    for piece in TAG_RE.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in SKIP_TAGS:
                depth += -1 if piece.startswith("</") else 1
                depth = max(depth, 0)
            yield piece, True
        else:
            yield piece, depth > 0


def _link_mentions(html: str, users_by_name: dict) -> str:
    def replace(match):
        user = users_by_name.get(match.group(1).lower())
        if user is None:
            return match.group(0)
        return f'<span class="mention">@{escape(user.username)}</span>'

    return "".join(
        piece if skipped else MENTION_RE.sub(replace, piece)
        for piece, skipped in _text_parts(html)
    )


def render_post_body(
    body: str, *, viewer=None, thread_id=None, strict: bool = True
) -> Rendered:
    """Render a post's source.

    With `strict` (a user is saving), a quote of a post the viewer cannot see
    and a mention of an unknown user raise ValidationError. Without it (the
    re-rendering after a quoted post was deleted or restored) they stay text.
    """
    from forum.models import Post
    from forum.permissions import can_quote_post

    segments = list(_split(body))
    quote_ids = {segment[1] for segment in segments if segment[0] == "quote"}
    quoted = {
        post.pk: post
        for post in Post.objects.filter(pk__in=quote_ids).select_related(
            "author", "thread"
        )
    }
    errors = []
    if strict:
        errors.extend(validate_citations(body))
        for post_id in sorted(quote_ids):
            post = quoted.get(post_id)
            if post is None or not can_quote_post(viewer, post):
                errors.append(
                    _(
                        "You cannot quote message #%(id)s: it does not exist, was "
                        "deleted or is not visible to you."
                    )
                    % {"id": post_id}
                )

    text_html = [
        render_with_citations(segment[1]).html if segment[0] == "text" else None
        for segment in segments
    ]
    names = set()
    for part in text_html:
        if part:
            names |= _mention_names(part)
    users_by_name = {}
    if names:
        users_by_name = {
            user.username.lower(): user
            for user in get_user_model()
            .objects.annotate(lower_name=Lower("username"))
            .filter(lower_name__in=names, is_active=True)
        }
        unknown = sorted(names - users_by_name.keys())
        if strict and unknown:
            errors.append(
                _("Nobody is called %(names)s here. Check the spelling of the name.")
                % {"names": ", ".join(f"@{name}" for name in unknown)}
            )
    if errors:
        raise ValidationError(errors)

    parts = []
    quotes = []
    for segment, part in zip(segments, text_html, strict=True):
        if segment[0] == "text":
            parts.append(_link_mentions(part, users_by_name))
            continue
        post = quoted.get(segment[1])
        parts.append(_render_quote(post, segment[2], thread_id))
        if post is not None:
            quotes.append((post, segment[2]))
    mentioned = [user for name, user in users_by_name.items() if name in names]
    return Rendered(html=sanitize("".join(parts)), quotes=quotes, mentions=mentioned)


def _attribution(post, thread_id) -> str:
    if post.thread_id == thread_id:
        return _("%(author)s wrote:") % {"author": post.author.public_name}
    return _("%(author)s wrote in %(thread)s:") % {
        "author": post.author.public_name,
        "thread": post.thread.title,
    }


def _missing_quote() -> str:
    return (
        '<blockquote class="quote"><p>'
        + escape(_("This message no longer exists."))
        + "</p></blockquote>"
    )


def _deleted_quote_text() -> str:
    return "<p>" + escape(_("This message was deleted.")) + "</p>"


def _render_quote(post, text: str, thread_id) -> str:
    if post is None:
        return _missing_quote()
    url = escape(post.get_absolute_url())
    attribution = _attribution(post, thread_id)
    if post.is_deleted:
        inner = _deleted_quote_text()
    else:
        inner = render_with_citations(text).html
    return (
        f'<blockquote class="quote" cite="{url}">'
        f'<aside class="quote-attribution"><a class="quote-source" href="{url}">'
        f"{escape(attribution)}</a></aside>{inner}</blockquote>"
    )


# The parts of a stored quote written in the language of whoever saved the
# post (see _render_quote); localize_quotes writes them again for the reader.
QUOTE_SOURCE_RE = re.compile(
    r'(<a class="quote-source" href="/forum/p/(\d+)/"[^>]*>)[^<]*(</a>)'
)
DELETED_QUOTE_RE = re.compile(
    r'(<blockquote class="quote" cite="/forum/p/(\d+)/">'
    r'<aside class="quote-attribution"><a [^>]*>[^<]*</a></aside>)'
    r"<p>[^<]*</p>(</blockquote>)"
)
MISSING_QUOTE_RE = re.compile(r'<blockquote class="quote"><p>[^<]*</p></blockquote>')


def localize_quotes(html: str, quoted: dict, thread_id) -> str:
    """A post's stored HTML with its quote attributions and placeholders in
    the active language, and the quoted authors' current names.

    `quoted` maps the ids of the posts it quotes to those posts (with author
    and thread); a quote of a post not in it keeps its stored text.
    """
    if 'class="quote' not in html:
        return html

    def attribution(match):
        post = quoted.get(int(match.group(2)))
        if post is None:
            return match.group(0)
        return match.group(1) + escape(_attribution(post, thread_id)) + match.group(3)

    def deleted(match):
        post = quoted.get(int(match.group(2)))
        if post is None or not post.is_deleted:
            return match.group(0)
        return match.group(1) + _deleted_quote_text() + match.group(3)

    html = QUOTE_SOURCE_RE.sub(attribution, html)
    html = DELETED_QUOTE_RE.sub(deleted, html)
    return MISSING_QUOTE_RE.sub(lambda _match: _missing_quote(), html)
