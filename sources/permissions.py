"""Who may do what in the source library.

Reading is open to everyone. Any active signed-in contributor may add a
source and correct its metadata (like a wiki); deleting is for moderators,
in the admin, and only for sources nothing cites.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_contributor


def can_add_source(user) -> bool:
    return is_contributor(user)


def check_can_add_source(user) -> None:
    if not can_add_source(user):
        raise PermissionDenied(_("Only signed-in contributors can add sources."))


def can_edit_source(user, source) -> bool:
    return is_contributor(user)


def check_can_edit_source(user, source) -> None:
    if not can_edit_source(user, source):
        raise PermissionDenied(_("Only signed-in contributors can edit sources."))


def can_refetch_source(user, source) -> bool:
    return is_contributor(user) and bool(source.url)


def check_can_refetch_source(user, source) -> None:
    if not can_refetch_source(user, source):
        raise PermissionDenied(_("This source cannot be fetched again."))
