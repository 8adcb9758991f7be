from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forum import services
from forum.rendering import quote_block, render_post_body

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    '<div hx-get="/forum/" hx-trigger="load">htmx</div>',
    '<svg onload="alert(1)"></svg>',
    "![img](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
]


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script-like tags, handlers, bad URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "svg", "object", "embed", "style"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-"):
                self.found.append(name)
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.found.append(value)


def active_content(html: str) -> list:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_never_active(payload, thread, other_contributor, client):
    post = services.post_reply(thread, author=other_contributor, body=payload)
    assert active_content(post.html) == []
    page = client.get(reverse("thread-detail", args=[thread.pk])).content.decode()
    article = page.split(f'<article id="post-{post.pk}"', 1)[1].split("</article>")[0]
    # The user's HTML sits inside an element htmx is told to ignore.
    _wrapper, user_html = article.split('class="post-body prose" data-hx-disable>', 1)
    assert active_content(user_html.split("</div>", 1)[0]) == []


def test_payload_in_quote_never_active(thread, first_post, other_contributor):
    body = f'[quote={first_post.pk}]\n<img src=x onerror="alert(1)">\n[/quote]'
    post = services.post_reply(thread, author=other_contributor, body=body)
    assert active_content(post.html) == []


def test_user_content_is_wrapped_in_hx_disable(thread, client):
    response = client.get(reverse("thread-detail", args=[thread.pk]))
    assert b'class="post-body prose" data-hx-disable' in response.content


def test_external_links_get_rel(thread, other_contributor):
    post = services.post_reply(
        thread, author=other_contributor, body="https://www.streetpress.com/sujet/x"
    )
    assert 'rel="nofollow ugc"' in post.html


def test_tables_and_autolinks(first_post):
    html = render_post_body(
        "| année | caméras |\n|---|---|\n| 2021 | 225 |\n\nwww.lunion.fr",
        viewer=first_post.author,
    ).html
    assert "<table>" in html and "<td>225</td>" in html
    assert 'href="http://www.lunion.fr"' in html


def test_quote_block_strips_nested_quotes(first_post):
    nested = services.post_reply(
        first_post.thread,
        author=first_post.author,
        body=f"[quote={first_post.pk}]\nancien\n[/quote]\n\nnouveau",
    )
    block = quote_block(nested)
    assert block == f"[quote={nested.pk}]\nnouveau\n[/quote]\n\n"
