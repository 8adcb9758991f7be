"""Who may do what with dossiers.

`check_can_*` raise PermissionDenied (services call them, so no entry point
skips them); `can_*` return a bool for templates and views. None of them runs
a query beyond the cached moderator test.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import is_contributor, is_moderator
from accounts.trust import can_publish_dossier_edits, can_review_edits


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


# --- pending edits (accounts.trust) -------------------------------------------


def can_publish_edits(user) -> bool:
    """Whether `user`'s edits go live at once (else they wait for review)."""
    return is_contributor(user) and can_publish_dossier_edits(user)


def check_can_publish_edits(user) -> None:
    """Removing, moving, reverting and adding sections are for accounts whose
    edits go live: a new account proposes edits to existing sections."""
    if not can_publish_edits(user):
        raise PermissionDenied(
            _(
                "Your account is new: your edits of a section are reviewed "
                "before they appear, and this action opens once your edits "
                "no longer need review."
            )
        )


def can_review(user) -> bool:
    return is_contributor(user) and can_review_edits(user)


def can_view_pending_edit(user, pending) -> bool:
    """Its author and the reviewers."""
    return is_contributor(user) and (pending.author_id == user.pk or can_review(user))


def check_can_view_pending_edit(user, pending) -> None:
    if not can_view_pending_edit(user, pending):
        raise PermissionDenied(
            _("Only its author and the reviewers can see a pending edit.")
        )


def check_can_review_pending_edit(user, pending) -> None:
    if not can_review(user):
        raise PermissionDenied(
            _("Only moderators and trusted contributors review pending edits.")
        )
    if pending.author_id == user.pk:
        raise PermissionDenied(_("Someone else must review your own edit."))
