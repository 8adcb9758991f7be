from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import roles

        # Permissions exist only once every app has migrated, so the moderator
        # group receives them after migrate rather than in a migration.
        post_migrate.connect(roles.grant_moderator_permissions, sender=self)
