"""One URL serves the page and its fragment (see docs/htmx.md)."""

from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers


def page_or_fragment(request, template: str, fragment: str, context=None, **kwargs):
    """Render `template`, or only its `{% partialdef fragment %}` for htmx.

    The response varies on HX-Request so a cache never serves a fragment to a
    full-page visit (or the reverse).
    """
    name = f"{template}#{fragment}" if request.htmx else template
    response = TemplateResponse(request, name, context, **kwargs)
    patch_vary_headers(response, ["HX-Request"])
    return response
