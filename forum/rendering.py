"""Post text to HTML: the forum's adapter to carre.markdown.

A post is Markdown with citations, @mentions and attributed quotes:

    [quote=123]
    the quoted text
    [/quote]

carre.markdown parses and renders all three; this module answers its lookups
(which sources, which active users, which posts exist), writes the quotes'
attributions ("X wrote in <thread>:") and placeholders, and turns what the
text refers to into forum objects and, when a user is saving, into errors.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.profiles import profile_url
from carre.markdown import QuoteOrigin, render
from sources.citations import source_urls, unknown_key_errors

QUOTE_RE = re.compile(
    r"^\[quote=(?P<id>\d+)\][ \t]*\r?\n(?P<text>.*?)\r?\n\[/quote\][ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class RenderedPost:
    html: str
    quotes: list = field(default_factory=list)  # (quoted post, excerpt)
    mentions: list = field(default_factory=list)  # users
    # The source cites, in order (sources.citations.Cite), for sync_citations.
    cites: list | None = None


def quote_block(post, text: str | None = None) -> str:
    """The Markdown source quoting a post (or the selected part of it)."""
    text = (text if text is not None else post.body).strip()
    # A quote inside the quoted text would end ours early: keep only our level.
    text = QUOTE_RE.sub("", text).strip()
    return f"[quote={post.pk}]\n{text}\n[/quote]\n\n"


def render_post_body(
    body: str, *, viewer=None, thread_id=None, strict: bool = True
) -> RenderedPost:
    """Render a post's source.

    With `strict` (a user is saving), a cite of an unknown source, a quote of a
    post the viewer cannot see and a mention of an unknown user raise
    ValidationError. Without it (the re-rendering after a quoted post was
    deleted or restored) they stay text.
    """
    from forum.models import Post
    from forum.permissions import can_quote_post

    posts, users = {}, {}

    def quoted_posts(ids) -> dict[int, QuoteOrigin]:
        posts.update(Post.objects.select_related("author", "thread").in_bulk(ids))
        return {pk: _quote_origin(posts.get(pk), thread_id) for pk in ids}

    def active_users(names) -> dict[str, str]:
        users.update(
            (user.username.lower(), user)
            for user in get_user_model()
            .objects.annotate(lower_name=Lower("username"))
            .filter(lower_name__in=names, is_active=True)
        )
        return {name: user.username for name, user in users.items()}

    rendered = render(
        body, citations=source_urls, mentions=active_users, quotes=quoted_posts
    )
    if strict:
        errors = unknown_key_errors(rendered.unknown_keys)
        for post_id in sorted({quote.post_id for quote in rendered.quotes}):
            post = posts.get(post_id)
            if post is None or not can_quote_post(viewer, post):
                errors.append(
                    _(
                        "You cannot quote message #%(id)s: it does not exist, was "
                        "deleted or is not visible to you."
                    )
                    % {"id": post_id}
                )
        if rendered.unknown_mentions:
            names = sorted(rendered.unknown_mentions)
            errors.append(
                _("Nobody is called %(names)s here. Check the spelling of the name.")
                % {"names": ", ".join(f"@{name}" for name in names)}
            )
        if errors:
            raise ValidationError(errors)
    return RenderedPost(
        html=rendered.html,
        quotes=[
            (posts[quote.post_id], quote.text)
            for quote in rendered.quotes
            if quote.post_id in posts
        ],
        mentions=[users[name] for name in rendered.mentions],
        cites=list(rendered.cites),
    )


def _attribution(post, thread_id) -> str:
    if post.thread_id == thread_id:
        return _("%(author)s wrote:") % {"author": post.author.public_name}
    return _("%(author)s wrote in %(thread)s:") % {
        "author": post.author.public_name,
        "thread": post.thread.title,
    }


def _deleted_text() -> str:
    return _("This message was deleted.")


def _missing_text() -> str:
    return _("This message no longer exists.")


def _quote_origin(post, thread_id) -> QuoteOrigin:
    if post is None:
        return QuoteOrigin(placeholder=_missing_text())
    return QuoteOrigin(
        url=post.get_absolute_url(),
        attribution=_attribution(post, thread_id),
        placeholder=_deleted_text() if post.is_deleted else "",
    )


# The parts of a stored quote written in the language of whoever saved the
# post (see _quote_origin; the markup is carre.markdown.quotes'); localize_quotes
# writes them again for the reader.
QUOTE_SOURCE_RE = re.compile(
    r'(<a class="quote-source" href="/forum/p/(\d+)/"[^>]*>)[^<]*(</a>)'
)
DELETED_QUOTE_RE = re.compile(
    r'(<blockquote class="quote" cite="/forum/p/(\d+)/">'
    r'<aside class="quote-attribution"><a [^>]*>[^<]*</a></aside><p>)'
    r"[^<]*(</p></blockquote>)"
)
MISSING_QUOTE_RE = re.compile(
    r'(<blockquote class="quote"><p>)[^<]*(</p></blockquote>)'
)


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
        return match.group(1) + escape(_deleted_text()) + match.group(3)

    html = QUOTE_SOURCE_RE.sub(attribution, html)
    html = DELETED_QUOTE_RE.sub(deleted, html)
    return MISSING_QUOTE_RE.sub(
        lambda match: match.group(1) + escape(_missing_text()) + match.group(2), html
    )


# A mention as carre.markdown.mentions stores it: the name at save time.
MENTION_HTML_RE = re.compile(r'<span class="mention">@([^<]+)</span>')


def link_mentions(html: str, mentioned) -> str:
    """A post's stored HTML with each @mention linked to the profile page of
    the person it names, when they still have one under that name.

    `mentioned`: the post's mentioned users (prefetched with the page). A
    hidden, suspended, deleted or renamed account stays plain text, so no
    stored link can outlive a change of mind.
    """
    if 'class="mention"' not in html:
        return html
    urls = {user.username.lower(): profile_url(user) for user in mentioned}

    def link(match):
        url = urls.get(match.group(1).lower())
        if url is None:
            return match.group(0)
        return f'<a class="mention" href="{escape(url)}">@{match.group(1)}</a>'

    return MENTION_HTML_RE.sub(link, html)
