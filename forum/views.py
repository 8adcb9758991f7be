from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe


@require_safe
def category_list(request):
    return TemplateResponse(request, "forum/category_list.html")
