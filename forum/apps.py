from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from accounts.trust import register_activity
        from carre.moderation_log import register_writer
        from forum.trust import count_activity, write_moderation_log

        # The forum keeps the moderation log and counts published posts and
        # upheld flags for the trust levels of the lower floor (accounts).
        register_writer(write_moderation_log)
        register_activity(count_activity)
