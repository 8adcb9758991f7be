"""A dossier's facts as a view's viewer may see them (see dossiers.loaders).

404 for a fact of a dossier the viewer may not see (a draft, for anonymous
readers) and, for everyone but moderators, for a removed fact; with
`edit=True`, 403 for one they see but may not change (locked, or in a locked
dossier). The services check again on the locked row.
"""

from django.shortcuts import get_object_or_404

from facts import permissions
from facts.models import Fact
from facts.services import fact_model


def get_fact_for(request, kind: str, pk: int, *, edit: bool = False) -> Fact:
    """The fact `pk` of `kind` (actor, figure, event, deployment), with its
    dossier; `edit`: one the viewer may change."""
    fact = get_object_or_404(
        fact_model(kind).objects.visible_to(request.user).select_related("dossier"),
        pk=pk,
    )
    if edit:
        permissions.check_can_edit_fact(request.user, fact)
    return fact
