from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from search.queries import search as run_search

QUERY_MAX_LENGTH = 200


@require_safe
def search(request):
    text = request.GET.get("q", "")[:QUERY_MAX_LENGTH]
    results = run_search(request.user, text)
    return TemplateResponse(request, "search/results.html", {"results": results})
