from django import template

from forum.models import Thread

register = template.Library()

HOME_THREADS = 8


@register.inclusion_tag("forum/home_recent.html", takes_context=True)
def recent_threads(context):
    """The threads with the latest activity, for the home page (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = Thread.objects.none()
    if user is not None:
        threads = (
            Thread.objects.visible_to(user)
            .select_related("author", "category")
            .order_by("-last_post_at")[:HOME_THREADS]
        )
    return {"request": request, "threads": threads}
