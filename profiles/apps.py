from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    """A person's public page: what they chose to show and their public work.

    It reads the forum, the dossiers and the facts, so it sits on the top
    floor beside promotion; the settings it shows live on accounts.User and
    the link rule in accounts.profiles (ground floor), so any page can link
    a name without knowing this app.
    """

    name = "profiles"
    verbose_name = _("Profiles")
