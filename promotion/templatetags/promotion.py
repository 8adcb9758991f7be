"""`{% post_usage post as usage %}` for the forum's post actions."""

from django import template

from promotion import usage

register = template.Library()


@register.simple_tag(takes_context=True)
def post_usage(context, post) -> usage.PostUsage:
    """Where a forum post was used, and whether the viewer may add it to a dossier."""
    return usage.post_usage(context["request"], post)
