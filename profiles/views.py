"""A person's public profile page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import is_moderator
from accounts.trust import level_name, trust_level
from profiles import queries

POSTS_PER_PAGE = 20


@require_safe
def profile_detail(request, username):
    """`/u/<username>/`, whatever the letter case; 404 for a hidden profile,
    exactly as for a name nobody has."""
    person = queries.public_profile_owner(username)
    if person is None:
        raise Http404(_("There is no public profile under this name."))
    if person.username != username:
        return redirect("user-profile", username=person.username)
    page = Paginator(queries.public_posts(person), POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "person": person,
        "page": page,
        "thanks": queries.thanks_received(person),
        "sections": queries.section_contributions(person),
        "facts": queries.fact_contributions(person),
        "followed": queries.followed_dossiers(person),
    }
    if is_moderator(request.user):
        # Moderators see the person's trust level (accounts.trust); nobody else.
        context["trust_level"] = level_name(trust_level(person))
    return TemplateResponse(request, "profiles/profile_detail.html", context)
