"""Who may read, add, edit, lock and revert facts.

Every signed-in, active user is a contributor and may edit the facts of any
dossier they can read, unless the dossier or the fact is locked; moderators
lock and unlock facts and edit locked ones. Drafts are invisible to anonymous
readers (they follow `Dossier.objects.visible_to`).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_contributor, is_moderator
from dossiers.permissions import can_edit_dossier


def can_add_fact(user, dossier) -> bool:
    return can_edit_dossier(user, dossier)


def check_can_add_fact(user, dossier) -> None:
    if not is_contributor(user):
        raise PermissionDenied(_("Log in to add facts."))
    if not can_add_fact(user, dossier):
        raise PermissionDenied(_("This dossier is locked."))


def can_edit_fact(user, fact) -> bool:
    if not can_add_fact(user, fact.dossier):
        return False
    if fact.locked or fact.removed:
        return is_moderator(user)
    return True


def check_can_edit_fact(user, fact) -> None:
    check_can_add_fact(user, fact.dossier)
    if not can_edit_fact(user, fact):
        if fact.removed:
            raise PermissionDenied(
                _("This fact was removed; only moderators can change it.")
            )
        raise PermissionDenied(_("This fact is locked; only moderators can change it."))


def can_moderate_fact(user, fact=None) -> bool:
    """Lock, unlock, remove and restore facts."""
    return is_moderator(user)


def check_can_moderate_fact(user, fact=None) -> None:
    if not can_moderate_fact(user, fact):
        raise PermissionDenied(_("Only moderators can do this."))


def can_remove_fact(user, fact) -> bool:
    """A contributor may remove a fact they can edit; moderators restore it."""
    return can_edit_fact(user, fact) and not fact.removed


def check_can_remove_fact(user, fact) -> None:
    if not can_remove_fact(user, fact):
        raise PermissionDenied(_("You cannot remove this fact."))
