"""Permission filters for forum templates: `{% if post|can_edit:user %}`."""

from django import template

from forum import permissions

register = template.Library()


@register.filter
def is_forum_moderator(user) -> bool:
    return permissions.can_moderate(user)


@register.filter
def can_edit(post, user) -> bool:
    return permissions.can_edit_post(user, post)


@register.filter
def can_delete(post, user) -> bool:
    return permissions.can_delete_post(user, post)


@register.filter
def can_restore(post, user) -> bool:
    return permissions.can_restore_post(user, post)


@register.filter
def can_thank(post, user) -> bool:
    return permissions.can_thank_post(user, post)


@register.filter
def can_flag(post, user) -> bool:
    return permissions.can_flag_post(user, post)


@register.filter
def can_quote(post, user) -> bool:
    return permissions.can_quote_post(user, post)


@register.filter
def can_reply_to(thread, user) -> bool:
    return permissions.can_reply(user, thread)
