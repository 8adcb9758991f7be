from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    """From the forum to the dossiers: the one app that knows both.

    It sits above forum, dossiers and facts, so none of them imports another
    to move a post into a dossier. The Provenance rows it writes are a model
    of facts (see docs/architecture.md).
    """

    name = "promotion"
    verbose_name = _("Promotion of forum posts")
