from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from accounts.trust import register_activity
        from dossiers.trust import count_activity

        # Saved dossier edits count toward a person's trust level.
        register_activity(count_activity)
