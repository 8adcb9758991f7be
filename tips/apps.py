from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    """Anonymous tips: information sent without an account, and the
    moderators' inbox that turns a tip into a forum thread or a source.

    It writes threads (forum) and sources (sources), so it sits on the top
    floor beside promotion.
    """

    name = "tips"
    verbose_name = _("Anonymous tips")
