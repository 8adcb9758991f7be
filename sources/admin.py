from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sources.models import Citation, Source


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["content_type", "object_id", "locator"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "publisher", "kind", "published_on", "link_status"]
    list_filter = ["kind", "link_status", "fetch_status", "paywalled"]
    search_fields = ["key", "title", "publisher", "url"]
    readonly_fields = [
        "canonical_url",
        "snapshot_sha256",
        "fetched_at",
        "fetch_status",
        "fetch_error",
        "link_checked_at",
        "file_type",
        "added_by",
        "created_at",
    ]
    fields = [
        "key",
        "url",
        "title",
        "publisher",
        "author",
        "kind",
        "published_on",
        "accessed_on",
        "language",
        "paywalled",
        "description",
        "archive_url",
        "link_status",
        *readonly_fields,
    ]
    inlines = [CitationInline]
    actions = ["check_links", "fetch_again"]

    @admin.action(
        description=_("Check the links of the selected sources"), permissions=["change"]
    )
    def check_links(self, request, queryset):
        from sources.tasks import queue_link_checks

        count = queue_link_checks(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d link check queued.",
                "%(count)d link checks queued.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Fetch the selected sources again"), permissions=["change"]
    )
    def fetch_again(self, request, queryset):
        from sources import services

        count = 0
        for source in queryset.exclude(url=""):
            services.refetch_source(source, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d source queued for fetching.",
                "%(count)d sources queued for fetching.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request, obj=None):
        # Texts cite the key: renaming a cited source would break them all
        # (update_source refuses it too).
        if obj is not None and obj.citations.exists():
            return ["key", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # A cited source is protected: deleting it would break dossiers.
        if obj is not None and obj.citations.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "content_type", "object_id", "locator"]
    list_select_related = ["source", "content_type"]
    search_fields = ["source__key"]
    readonly_fields = ["source", "content_type", "object_id", "locator", "position"]

    def has_add_permission(self, request):
        return False
