"""Who may do what with dossiers.

`check_can_*` raise PermissionDenied (services call them, so no entry point
skips them); `can_*` return a bool for templates and views. None of them runs
a query beyond the cached moderator test.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_contributor, is_moderator


def can_view_dossier(user, dossier) -> bool:
    return dossier.is_published or is_contributor(user)


def can_create_dossier(user) -> bool:
    return is_contributor(user)


def check_can_create_dossier(user) -> None:
    if not can_create_dossier(user):
        raise PermissionDenied(_("Sign in to create a dossier."))


def can_edit_dossier(user, dossier) -> bool:
    if not is_contributor(user):
        return False
    return not dossier.locked or is_moderator(user)


def check_can_edit_dossier(user, dossier) -> None:
    if not is_contributor(user):
        raise PermissionDenied(_("Sign in to edit this dossier."))
    if not can_edit_dossier(user, dossier):
        raise PermissionDenied(_("This dossier is locked by the moderators."))


def can_edit_section(user, section) -> bool:
    if not can_edit_dossier(user, section.dossier) or section.removed:
        return False
    return not section.locked or is_moderator(user)


def check_can_edit_section(user, section) -> None:
    check_can_edit_dossier(user, section.dossier)
    if section.removed:
        raise PermissionDenied(_("This section was removed; restore it first."))
    if not can_edit_section(user, section):
        raise PermissionDenied(_("This section is locked by the moderators."))


def can_moderate(user) -> bool:
    return is_moderator(user)


def check_can_moderate(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def check_can_restore_section(user, section) -> None:
    check_can_moderate(user)


def can_view_revision(user, revision) -> bool:
    return not revision.hidden or is_moderator(user)


def check_can_view_revision(user, revision) -> None:
    if not can_view_revision(user, revision):
        raise PermissionDenied(_("This revision was hidden by the moderators."))


def can_watch_dossier(user, dossier) -> bool:
    return is_contributor(user) and can_view_dossier(user, dossier)


def check_can_watch_dossier(user, dossier) -> None:
    if not can_watch_dossier(user, dossier):
        raise PermissionDenied(_("Sign in to watch this dossier."))
