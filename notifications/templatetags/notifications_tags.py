from django import template

from notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread count: one query, at most once per request."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if request is not None and hasattr(request, "_unread_notifications"):
        return request._unread_notifications
    count = Notification.objects.for_user(user).unread().count()
    if request is not None:
        request._unread_notifications = count
    return count


@register.inclusion_tag("notifications/badge.html", takes_context=True)
def notifications_badge(context):
    """The header item linking to the notifications, with the unread count.

    With `oob_badge` in the context, it is an htmx out-of-band swap, so a
    fragment response refreshes the header too.
    """
    return {
        "unread_count": unread_notifications(context),
        "oob": context.get("oob_badge", False),
    }
