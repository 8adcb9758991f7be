from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts import receivers, roles

        # Session bookkeeping for "log out my other sessions" and timeouts.
        user_logged_in.connect(receivers.on_login, dispatch_uid="carre-login")
        user_logged_out.connect(receivers.on_logout, dispatch_uid="carre-logout")

        # Permissions exist only once every app has migrated, so the moderator
        # group receives them after migrate rather than in a migration. Each
        # app's permissions are created by its own post_migrate (after ours for
        # apps listed after accounts), so the grant runs after every app's.
        post_migrate.connect(
            roles.grant_moderator_permissions,
            dispatch_uid="carre-moderator-permissions",
        )
