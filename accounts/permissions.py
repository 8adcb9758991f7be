"""Who may do what with accounts; the role tests used across apps."""

from accounts.roles import MODERATOR_GROUP


def is_moderator(user) -> bool:
    """Moderators are members of the moderator group; admins count as moderators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: templates and checks ask several times a page.
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATOR_GROUP).exists()
        user._is_moderator = cached
    return cached
