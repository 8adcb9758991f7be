"""Facts in the admin: read-only lists with moderation actions.

Facts change only through facts.services (every change is a revision), so
the admin does not edit their fields; its actions lock, unlock, remove and
restore through the same services.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from carre.admin import ReadOnlyAdmin
from facts import services
from facts.models import (
    Actor,
    Deployment,
    Event,
    FactRevision,
    Figure,
    PendingFactEdit,
    Provenance,
)


def _apply(request, queryset, change, **kwargs):
    for fact in queryset:
        change(fact, by=request.user, **kwargs)
    messages.success(request, _("Done."))


@admin.action(description=_("Lock the selected facts"), permissions=["change"])
def lock_facts(modeladmin, request, queryset):
    _apply(request, queryset, services.set_fact_locked, locked=True)


@admin.action(description=_("Unlock the selected facts"), permissions=["change"])
def unlock_facts(modeladmin, request, queryset):
    _apply(request, queryset, services.set_fact_locked, locked=False)


@admin.action(description=_("Remove the selected facts"), permissions=["change"])
def remove_facts(modeladmin, request, queryset):
    _apply(request, queryset, services.remove_fact)


@admin.action(description=_("Restore the selected facts"), permissions=["change"])
def restore_facts(modeladmin, request, queryset):
    _apply(request, queryset, services.restore_fact)


class FactAdmin(admin.ModelAdmin):
    actions = [lock_facts, unlock_facts, remove_facts, restore_facts]
    list_filter = ["locked", "removed"]
    list_select_related = ["dossier"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The change page is view-only; "change" allows the actions only.
        return obj is None and super().has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Actor)
class ActorAdmin(FactAdmin):
    list_display = ["name", "actor_kind", "role", "dossier", "locked", "removed"]
    search_fields = ["name", "role"]


@admin.register(Figure)
class FigureAdmin(FactAdmin):
    list_display = ["subject", "value", "unit", "as_of", "rank", "dossier", "locked"]
    list_filter = ["rank", "locked", "removed"]
    search_fields = ["subject"]


@admin.register(Event)
class EventAdmin(FactAdmin):
    list_display = ["date", "title", "dossier", "locked", "removed"]
    search_fields = ["title"]


@admin.register(Deployment)
class DeploymentAdmin(FactAdmin):
    list_display = ["technology", "name", "status", "dossier", "locked", "removed"]
    list_filter = ["technology", "status", "locked", "removed"]
    search_fields = ["name"]


@admin.register(FactRevision)
class FactRevisionAdmin(ReadOnlyAdmin):
    list_display = [
        "content_type",
        "object_id",
        "number",
        "action",
        "editor",
        "created_at",
    ]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type", "editor"]


@admin.register(Provenance)
class ProvenanceAdmin(ReadOnlyAdmin):
    list_display = ["post_reference", "dossier", "created_by", "created_at"]
    list_select_related = ["dossier", "created_by"]


@admin.register(PendingFactEdit)
class PendingFactEditAdmin(ReadOnlyAdmin):
    """Held fact changes, to look up; they are accepted or refused on the
    site's review page (facts.review), which applies them as revisions."""

    list_display = ["dossier", "kind", "fact_id", "author", "created_at", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["dossier", "author"]
    search_fields = ["dossier__title", "author__username", "summary"]
