"""The admin: its index and each registered model's changelist and add page.

Contributors (not staff, not moderators) are sent to the admin's login page;
moderators see only the models their group has permissions on
(accounts/roles.py and each app's roles.py); admins see everything.
"""

from tests.security.access import moderators, signed_in

ANY_METHOD = ("GET", "POST", "PUT", "DELETE")


def _same_for(methods, table):
    return {method: table for method in methods}


def staff_only(admin="ok"):
    """Models only admins manage: a moderator gets 403."""
    table = signed_in("login")
    table["moderator"] = "denied"
    table["admin"] = admin
    return _same_for(ANY_METHOD, table)


def moderated(moderator="ok", admin="ok"):
    table = moderators(moderator, others="login")
    table["admin"] = admin
    return _same_for(ANY_METHOD, table)


ROUTES = {
    "admin:index": moderated(),
    "admin:auth_group_changelist": staff_only(),
    "admin:auth_group_add": staff_only(),
    "admin:account_emailaddress_changelist": staff_only(),
    "admin:account_emailaddress_add": staff_only(),
    "admin:mfa_authenticator_changelist": staff_only(),
    "admin:mfa_authenticator_add": staff_only(),
    "admin:django_tasks_database_dbtaskresult_changelist": staff_only(),
    # Task results are written by the worker only.
    "admin:django_tasks_database_dbtaskresult_add": staff_only(admin="denied"),
    # Moderators suspend accounts; only admins create them.
    "admin:accounts_user_changelist": moderated(),
    "admin:accounts_user_add": moderated(moderator="denied"),
    "admin:notifications_notification_changelist": staff_only(),
    "admin:notifications_notification_add": staff_only(),
}
