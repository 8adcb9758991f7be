from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe


@require_safe
def dossier_list(request):
    return TemplateResponse(request, "dossiers/dossier_list.html")
