from django import template

register = template.Library()


@register.inclusion_tag("forum/home_recent.html", takes_context=True)
def recent_threads(context):
    """The latest threads for the home page (filled in by the forum)."""
    return {"request": context.get("request"), "threads": []}
