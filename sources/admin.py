from django.contrib import admin

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
