"""Small helpers shared by the security tests."""

import html
import re


def page_text(response) -> str:
    """The response's HTML with entities decoded, for matching messages."""
    return html.unescape(response.content.decode())


def input_value(response, name: str) -> str | None:
    """The value="" of the <input name=...> in the page, if any."""
    text = response.content.decode()
    for tag in re.findall(r"<input\b[^>]*>", text):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(value.group(1)) if value else ""
    return None
