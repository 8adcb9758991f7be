"""Reads of dossiers, sections and revisions, starting from the viewer.

The select/prefetch calls live here so that a page's query count does not
grow with the number of sections or revisions it shows.
"""

from django.db import models

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

    def for_detail(self):
        """A dossier for its page; the sections come from
        `SectionQuerySet.page_rows` and, when the page's cached body is
        missing, `SectionQuerySet.for_page` (dossiers/page_cache.py)."""
        return self.select_related("created_by", "last_editor")


class SectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sections on the page; removed ones only for moderators."""
        if is_moderator(user):
            return self
        return self.filter(removed=False)

    def present(self):
        return self.filter(removed=False)

    def page_rows(self):
        """What the dossier page shows of each section, as light rows in page
        order: the key of its cached body, the removed sections' list. Rows,
        not models: a dossier of 2,000 sections reads them in milliseconds."""
        return self.order_by("position", "pk").values_list(
            "pk",
            "title",
            "version",
            "position",
            "locked",
            "removed",
            "current_revision_id",
            "current_revision__editor__display_name",
            "current_revision__editor__username",
            "current_revision__editor__deleted_at",
            named=True,
        )

    def for_page(self):
        """The sections rendered into the page's body, with their current
        revisions; the Markdown sources stay in the database."""
        return (
            self.select_related("current_revision__editor")
            .defer("text", "current_revision__text", "current_revision__html")
            .order_by("position", "pk")
        )


class SectionRevisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hidden (vandalised) revisions are kept for moderators only."""
        if is_moderator(user):
            return self
        return self.filter(hidden=False)

    def for_history(self):
        return self.select_related("editor", "hidden_by", "base_revision", "section")
