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


# What each registered model's admin pages give. "admin_add" is False where
# the ModelAdmin refuses adding for everyone (rows made by services only).
#   model label: (moderator sees the changelist, admin may add)
MODELS = {
    "auth.group": (False, True),
    "account.emailaddress": (False, True),
    "mfa.authenticator": (False, True),
    "django_tasks_database.dbtaskresult": (False, False),
    # Moderators suspend accounts (accounts/roles.py); only admins create them.
    "accounts.user": (True, True),
    "notifications.notification": (False, True),
    # forum/roles.py, dossiers/roles.py, sources/roles.py, facts/roles.py
    "forum.category": (True, True),
    "forum.thread": (True, False),
    "forum.post": (True, False),
    "forum.flag": (True, False),
    "forum.moderationlog": (True, False),
    "dossiers.dossier": (True, False),
    "dossiers.section": (True, False),
    "dossiers.sectionrevision": (True, False),
    "sources.source": (True, True),
    "sources.citation": (True, False),
    "facts.actor": (True, False),
    "facts.figure": (True, False),
    "facts.event": (True, False),
    "facts.deployment": (True, False),
    "facts.factrevision": (True, False),
    "facts.provenance": (True, False),
}


def _model_routes(label, moderator_views, admin_adds):
    app_label, model_name = label.split(".")
    prefix = f"admin:{app_label}_{model_name}"
    changelist = moderated() if moderator_views else staff_only()
    # Moderators never add rows in the admin: they act through the site.
    add = staff_only(admin="ok" if admin_adds else "denied")
    return {f"{prefix}_changelist": changelist, f"{prefix}_add": add}


ROUTES = {"admin:index": moderated()}
for _label, (_views, _adds) in MODELS.items():
    ROUTES.update(_model_routes(_label, _views, _adds))
