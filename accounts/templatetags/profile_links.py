"""`{% user_link user %}`: a person's public name, linked to their profile page
when they have one (accounts.profiles). Uses only the user's own row, which
the pages select with the post or revision: no query per name."""

from django import template
from django.utils.html import format_html

from accounts.profiles import profile_url

register = template.Library()


@register.simple_tag
def user_link(user, css_class=""):
    if user is None:
        return ""
    url = profile_url(user)
    if url is None:
        return format_html(
            '<span class="{}">{}</span>', _classes(css_class), user.public_name
        )
    return format_html(
        '<a class="{}" href="{}">{}</a>', _classes(css_class), url, user.public_name
    )


def _classes(extra: str) -> str:
    return f"user-link {extra}".strip()
