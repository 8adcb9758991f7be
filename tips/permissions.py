"""Who may read and decide anonymous tips: moderators (and admins) only.
Anyone, signed in or not, may send one."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_moderator


def can_handle_tips(user) -> bool:
    return is_moderator(user)


def check_can_handle_tips(user) -> None:
    if not can_handle_tips(user):
        raise PermissionDenied(_("Only moderators read anonymous tips."))
