from django.views.decorators.http import require_safe

from carre.htmx import page_or_fragment
from search.forms import SearchForm
from search.queries import search as run_search


@require_safe
def search(request):
    """The search page; for htmx (typing, filters) only its results region.

    A filter that cannot be used answers 400 with the form's message.
    """
    form = SearchForm(request.GET if request.GET else None, user=request.user)
    results, status = None, 200
    if form.is_bound:
        if form.is_valid():
            results = run_search(request.user, form.criteria())
        else:
            status = 400
    return page_or_fragment(
        request,
        "search/results.html",
        "results",
        {"form": form, "results": results},
        status=status,
    )
