"""The one htmx layer every app's views answer through (see docs/htmx.md).

One URL serves the page and its fragment: a view names its template and, for
htmx, the `{% partialdef %}` inside it to render. Every answer that can be a
fragment varies on HX-Request, so a cache never serves a fragment to a
full-page visit (or the reverse).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark an answer that differs between htmx and plain requests."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def page_or_fragment(
    request,
    template: str,
    fragment: str | None,
    context=None,
    *,
    target: str | None = None,
    swap: str = "outerHTML",
    **kwargs,
) -> TemplateResponse:
    """Render `template`, or for htmx only its `{% partialdef fragment %}`.

    Going back to a page whose address htmx pushed asks for it again with
    HX-History-Restore-Request: that request gets the whole page, which htmx
    puts back in place of the body (a fragment would become the whole page).

    `target` (a CSS selector) retargets the htmx swap, for a form whose
    errors replace the form itself while its success replaces a larger
    region (`HX-Retarget` + `HX-Reswap`, `swap` by default outerHTML).
    """
    restoring = request.htmx and request.htmx.history_restore_request
    partial = request.htmx and fragment and not restoring
    name = f"{template}#{fragment}" if partial else template
    response = TemplateResponse(request, name, context, **kwargs)
    if partial and target:
        response = reswap(retarget(response, target), swap)
    return vary_on_htmx(response)


def fragment_or_redirect(
    request,
    url: str,
    template: str,
    fragment: str | None,
    context=None,
    *,
    message: str | None = None,
    level: int = messages.SUCCESS,
    **kwargs,
) -> HttpResponse:
    """After a write: htmx swaps the new fragment in; a plain request is
    redirected to `url` (post/redirect/get).

    `message` (at `level`) is flashed on the page a plain request lands on;
    htmx shows its notice inside the fragment, so it is not flashed there
    (it would appear again on the next page). `fragment` None: `template`
    is itself a fragment, shared across pages (`facts/_dossier_facts.html`).
    """
    if request.htmx:
        return page_or_fragment(request, template, fragment, context, **kwargs)
    if message:
        messages.add_message(request, level, message)
    return vary_on_htmx(redirect(url))


def navigate(request, url: str) -> HttpResponse:
    """A full navigation after a write: a client redirect for htmx (the
    browser loads `url` as a page), an ordinary redirect otherwise."""
    if request.htmx:
        return vary_on_htmx(HttpResponseClientRedirect(url))
    return vary_on_htmx(redirect(url))


def no_content_or_redirect(request, url: str) -> HttpResponse:
    """After a write whose answer htmx does not show (`hx-swap="none"`, as
    the thread page's read marker): 204 for htmx, a redirect to `url`
    otherwise."""
    if request.htmx:
        return vary_on_htmx(HttpResponse(status=204))
    return vary_on_htmx(redirect(url))
