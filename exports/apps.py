from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Taking the data away: files, feeds, the sitemap (a top floor)."""

    name = "exports"
    verbose_name = _("Exports")
