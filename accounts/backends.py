"""The login backends, with one change: loading the signed-in account of a
request also says whether it moderates, in the same query.

`is_moderator` (accounts.permissions) is asked on most pages of a signed-in
person (menus, edit buttons, rate limits, the permission checks of the
services); it caches its answer on the user object. Loading the account with
an EXISTS on the moderator group fills that cache, so a request pays one
query for the account and its role instead of two. The answer is read again
on every request: a moderator removed from the group loses the role on their
next page, as before.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from accounts.models import User
from accounts.roles import MODERATOR_GROUP


def _account(backend, user_id):
    membership = User.groups.through.objects.filter(
        user=OuterRef("pk"), group__name=MODERATOR_GROUP
    )
    try:
        user = User._default_manager.annotate(
            in_moderator_group=Exists(membership)
        ).get(pk=user_id)
    except User.DoesNotExist:
        return None
    user._is_moderator = user.in_moderator_group  # is_moderator's cache
    return user if backend.user_can_authenticate(user) else None


class AccountBackend(ModelBackend):
    """Django's username-and-password backend (the admin, the tests)."""

    def get_user(self, user_id):
        return _account(self, user_id)


class AllauthAccountBackend(AuthenticationBackend):
    """allauth's backend (the site's login, by username or email)."""

    def get_user(self, user_id):
        return _account(self, user_id)
