"""Who may add a forum post to a dossier.

Any contributor may; the dossier itself must accept new facts
(`facts.permissions.check_can_add_fact`), which the services check as well.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_contributor
from forum.permissions import can_view_post_content


def can_promote_post(user, post) -> bool:
    return is_contributor(user)


def check_can_promote_post(user, post) -> None:
    """Refuse visitors, and posts that are deleted or hidden from the user."""
    if not can_promote_post(user, post):
        raise PermissionDenied(_("Log in to add posts to a dossier."))
    if post.is_deleted or not can_view_post_content(user, post):
        raise PermissionDenied(_("This post cannot be added to a dossier."))
