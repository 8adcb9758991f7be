"""Roles are Groups: every signed-up user contributes, moderators moderate.

Admins are staff (is_staff/is_superuser). The moderator group is created by a
data migration; the permissions it holds are listed here and granted after
each migrate, once every app's permissions exist.
"""

from importlib import import_module

from django.apps import apps as global_apps
from django.utils.module_loading import module_has_submodule

MODERATOR_GROUP = "moderator"

# "app_label.codename" of what moderators manage in the admin. Each app adds
# its own entries next to its models (see MODERATOR_PERMISSIONS in its roles).
# Moderators only see accounts: `change_user` would open the admin's password
# page and form of every account, the superuser's included. They suspend and
# reinstate contributors through accounts.services instead. The grant below
# *sets* the group's permissions, so the next `migrate` also takes back a
# permission removed from these lists.
MODERATOR_PERMISSIONS = {
    "accounts.view_user",
}


def moderator_permissions() -> set[str]:
    codes = set(MODERATOR_PERMISSIONS)
    for config in global_apps.get_app_configs():
        if config.name != "accounts" and module_has_submodule(config.module, "roles"):
            module = import_module(f"{config.name}.roles")
            codes |= set(getattr(module, "MODERATOR_PERMISSIONS", ()))
    return codes


def grant_moderator_permissions(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name=MODERATOR_GROUP)
    wanted = moderator_permissions()
    permissions = [
        permission
        for permission in Permission.objects.using(using).select_related("content_type")
        if f"{permission.content_type.app_label}.{permission.codename}" in wanted
    ]
    group.permissions.set(permissions)
