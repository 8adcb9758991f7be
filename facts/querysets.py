"""Reads of facts, starting from the viewer; prefetching lives here."""

from django.db import models

from accounts.permissions import is_moderator


class FactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Facts of the dossiers the user may read; removed ones for moderators."""
        from dossiers.models import Dossier

        facts = self.filter(dossier__in=Dossier.objects.visible_to(user))
        if is_moderator(user):
            return facts
        return facts.filter(removed=False)

    def present(self):
        return self.filter(removed=False)


class FactRevisionQuerySet(models.QuerySet):
    def for_history(self):
        return self.select_related("editor", "content_type")


class ProvenanceQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related(
            "post",
            "dossier",
            "section_revision__section",
            "figure",
            "event",
            "created_by",
        )
