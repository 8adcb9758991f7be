"""Reads of dossiers, sections and revisions, starting from the viewer.

The select/prefetch calls live here so that a page's query count does not
grow with the number of sections or revisions it shows.
"""

from django.db import models
from django.db.models import Prefetch

from accounts.permissions import is_contributor, is_moderator


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published dossiers for everyone; drafts for signed-in contributors."""
        if is_contributor(user):
            return self
        return self.filter(status="published")

    def editable_by(self, user):
        """The dossiers `user` may change: the ones they see, and not locked
        unless they moderate (as `permissions.can_edit_dossier`)."""
        if not is_contributor(user):
            return self.none()
        dossiers = self.visible_to(user)
        return dossiers if is_moderator(user) else dossiers.filter(locked=False)

    def for_list(self):
        return self.select_related("last_editor", "created_by").annotate(
            section_count=models.Count(
                "sections", filter=models.Q(sections__removed=False)
            )
        )

    def for_detail(self, user):
        """A dossier with its visible sections and their current revisions."""
        section_model = self.model._meta.get_field("sections").related_model
        # The page shows the cached HTML; the Markdown sources stay in the database.
        sections = (
            section_model.objects.visible_to(user)
            .select_related("current_revision__editor")
            .defer("text", "current_revision__text", "current_revision__html")
        )
        return self.select_related("created_by", "last_editor").prefetch_related(
            Prefetch("sections", queryset=sections, to_attr="visible_sections")
        )


class SectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sections on the page; removed ones only for moderators."""
        if is_moderator(user):
            return self
        return self.filter(removed=False)

    def present(self):
        return self.filter(removed=False)


class SectionRevisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hidden (vandalised) revisions are kept for moderators only."""
        if is_moderator(user):
            return self
        return self.filter(hidden=False)

    def for_history(self):
        return self.select_related("editor", "hidden_by", "base_revision", "section")
