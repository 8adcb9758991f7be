from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sources import services
from sources.models import Citation, Source
from sources.tasks import queue_link_checks


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
        if obj is None:
            return self.readonly_fields
        # A source's address and link status change through a fetch, as on the
        # site; texts cite the key, so a cited source keeps it (update_source
        # refuses it too).
        fixed = ["url", "link_status", *self.readonly_fields]
        if obj.citations.exists():
            return ["key", *fixed]
        return fixed

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Through the service, like the site's edit form: the row is locked, so
        # a fetch finishing meanwhile is not overwritten by the loaded values.
        changed = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        services.update_source(
            obj, editor=request.user, key=form.cleaned_data.get("key"), **changed
        )

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
