"""Admin of dossiers: moderators lock, hide and restore through the services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from carre.admin import ReadOnlyAdmin
from dossiers import services
from dossiers.models import Dossier, PendingEdit, Section, SectionRevision


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "locked", "updated_at", "last_editor"]
    list_filter = ["kind", "status", "locked"]
    search_fields = ["title", "place", "summary"]
    fields = [
        "title",
        "slug",
        "kind",
        "status",
        "place",
        "latitude",
        "longitude",
        "summary",
        "locked",
    ]
    # The description is edited on the dossier page, where an edit over a
    # newer one is caught; here moderators lock and unlock (logged services).
    readonly_fields = [name for name in fields if name != "locked"]
    actions = ["lock", "unlock"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.set_dossier_locked(
            obj, moderator=request.user, locked=form.cleaned_data["locked"]
        )

    @admin.action(description=_("Lock the selected dossiers"), permissions=["change"])
    def lock(self, request, queryset):
        for dossier in queryset:
            services.set_dossier_locked(dossier, moderator=request.user, locked=True)

    @admin.action(description=_("Unlock the selected dossiers"), permissions=["change"])
    def unlock(self, request, queryset):
        for dossier in queryset:
            services.set_dossier_locked(dossier, moderator=request.user, locked=False)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "dossier", "position", "version", "removed", "locked"]
    list_filter = ["removed", "locked"]
    search_fields = ["title", "dossier__title"]
    list_select_related = ["dossier"]
    # Text changes go through the inline editor, so they become revisions.
    fields = ["dossier", "title", "anchor", "position", "version", "removed", "locked"]
    readonly_fields = ["dossier", "title", "anchor", "position", "version", "removed"]
    actions = ["restore"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Only `locked` is editable. A plain save would write back the whole
        # section as loaded (text, version) over a concurrent revision.
        services.set_section_locked(
            obj, moderator=request.user, locked=form.cleaned_data["locked"]
        )

    @admin.action(
        description=_("Restore the selected removed sections"), permissions=["change"]
    )
    def restore(self, request, queryset):
        for section in queryset.filter(removed=True):
            try:
                services.restore_section(section, moderator=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request,
                    " ".join(getattr(error, "messages", [str(error)])),
                    messages.ERROR,
                )


@admin.register(SectionRevision)
class SectionRevisionAdmin(admin.ModelAdmin):
    list_display = ["section", "number", "action", "editor", "created_at", "hidden"]
    list_filter = ["action", "hidden"]
    search_fields = ["section__title", "editor__username", "summary"]
    list_select_related = ["section", "editor"]
    fields = [
        "section",
        "number",
        "action",
        "title",
        "text",
        "editor",
        "created_at",
        "summary",
        "base_revision",
        "hidden",
        "hidden_by",
        "hidden_at",
    ]
    readonly_fields = fields
    actions = ["hide", "unhide"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # History is append-only: "change" allows the hide/unhide actions
        # (set_revision_hidden); the revision's page is read-only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Hide the selected revisions"), permissions=["change"])
    def hide(self, request, queryset):
        for revision in queryset.select_related("section"):
            try:
                services.set_revision_hidden(
                    revision, moderator=request.user, hidden=True
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    @admin.action(
        description=_("Show the selected revisions again"), permissions=["change"]
    )
    def unhide(self, request, queryset):
        for revision in queryset.select_related("section"):
            services.set_revision_hidden(revision, moderator=request.user, hidden=False)


@admin.register(PendingEdit)
class PendingEditAdmin(ReadOnlyAdmin):
    """Held edits, to look up; they are accepted or refused on the site's
    review page (dossiers.services.review), which saves them as revisions."""

    list_display = ["dossier", "target", "section", "author", "created_at", "status"]
    list_filter = ["status", "target"]
    list_select_related = ["dossier", "section", "author"]
    search_fields = ["dossier__title", "author__username", "summary"]
