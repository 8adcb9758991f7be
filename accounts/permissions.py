"""Who may do what with accounts; the role tests used across apps.

Roles: contributors (every account), moderators (the moderator group, not
staff), staff and superusers. Roles are granted by superusers only; see
docs/security.md, "Roles and who manages accounts".
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import MODERATOR_GROUP


def is_contributor(user) -> bool:
    """Every signed-in, active (not suspended) account contributes."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def contributor_required(view):
    """A view for contributors only (the dossiers' editors, their drafts...).

    A visitor without an account who opens the page is sent to log in; an
    htmx request or a sent form is refused with 403 ("Sign in to contribute"),
    since a login page swapped into a fragment, or a redirect that drops the
    form, would lose what they did. A suspended account counts as a visitor.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_contributor(request.user):
            return view(request, *args, **kwargs)
        if getattr(request, "htmx", False) or request.method != "GET":
            raise PermissionDenied(_("Sign in to contribute."))
        return redirect_to_login(request.get_full_path())

    return wrapper


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


def holds_a_role(account) -> bool:
    """Staff, superusers and moderators: accounts only administrators manage.

    Asks the database rather than `is_moderator`, which says no for a
    suspended account: a suspended moderator is still a moderator here.
    """
    return (
        account.is_staff
        or account.is_superuser
        or account.groups.filter(name=MODERATOR_GROUP).exists()
    )


def must_use_two_factor(user) -> bool:
    """Signed-in accounts that moderate or administer: staff, superusers, moderators.

    With CARRE_MODERATOR_2FA_REQUIRED they must set up TOTP before anything
    else (accounts.middleware.ModeratorTwoFactorMiddleware).
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_staff or is_moderator(user))
    )


def can_manage_account(user, account) -> bool:
    """Whether `user` may change `account`'s credentials, email or status.

    Superusers manage every account. Other staff manage, within the Django
    permissions they were given, the accounts that hold no role: not their
    own, not a peer's, not a superuser's, and not a moderator's (taking one
    over would give them the moderator's powers on the site). Moderators and
    contributors never do: moderators suspend through `suspend_user`.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and not holds_a_role(account)


def manageable_accounts(user):
    """The accounts `user` may change in the admin (as `can_manage_account`)."""
    if not (user.is_authenticated and user.is_active):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    if user.is_staff:
        return User.objects.filter(is_staff=False, is_superuser=False).exclude(
            groups__name=MODERATOR_GROUP
        )
    return User.objects.none()


def can_suspend_user(user, account) -> bool:
    try:
        check_can_suspend_user(user, account)
    except PermissionDenied:
        return False
    return True


def check_can_suspend_user(user, account) -> None:
    """Moderators and staff suspend or reinstate contributors, never a role.

    Staff, superusers and moderators (suspended or not) are out of reach of
    this action, for everyone: administrators change those accounts in the
    admin, under `can_manage_account`.
    """
    active = user.is_authenticated and user.is_active
    if not (active and (user.is_staff or is_moderator(user))):
        raise PermissionDenied(_("Only moderators can suspend accounts."))
    if account.pk == user.pk:
        raise PermissionDenied(_("You cannot suspend or reinstate your own account."))
    if holds_a_role(account):
        raise PermissionDenied(
            _(
                "Staff and moderator accounts cannot be suspended here: "
                "an administrator manages them."
            )
        )
