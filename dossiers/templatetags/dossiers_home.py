from django import template

from dossiers.models import Dossier

register = template.Library()


@register.inclusion_tag("dossiers/home_recent.html", takes_context=True)
def recent_dossiers(context, limit=5):
    """The dossiers most recently changed that the viewer may read."""
    request = context.get("request")
    user = getattr(request, "user", None)
    dossiers = Dossier.objects.visible_to(user).order_by("-updated_at")[:limit]
    return {"request": request, "dossiers": list(dossiers)}
