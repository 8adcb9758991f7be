"""The forum in the admin: categories are managed here; moderators see the
flag queue and the moderation log. Hard delete of a post exists only here."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carre.admin import ReadOnlyAdmin
from forum import services
from forum.models import Category, Flag, ModerationLog, Post, PostRevision, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "position")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "author", "post_count", "last_post_at")
    list_filter = ("category", "is_locked", "is_pinned", "is_approved")
    search_fields = ("title",)
    raw_id_fields = ("author",)
    fields = ("title", "category", "author", "is_locked", "is_pinned", "is_approved")
    readonly_fields = ("author", "is_approved")

    def has_add_permission(self, request):
        return False  # A thread starts in the forum, with its first post.

    def save_model(self, request, obj, form, change):
        """Rename, move, lock and pin through the services: the moderation
        log records them as if done from the thread page."""
        current = Thread.objects.get(pk=obj.pk)
        changes = form.cleaned_data
        if changes["title"] != current.title:
            current = services.rename_thread(
                current, moderator=request.user, title=changes["title"]
            )
        if changes["category"].pk != current.category_id:
            current = services.move_thread(
                current, moderator=request.user, category=changes["category"]
            )
        current = services.lock_thread(
            current, moderator=request.user, locked=changes["is_locked"]
        )
        services.pin_thread(
            current, moderator=request.user, pinned=changes["is_pinned"]
        )


class RevisionInline(admin.TabularInline):
    model = PostRevision
    fields = ("number", "editor", "created_at", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "status", "created_at", "deleted_at")
    list_filter = ("status", ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("body", "author__username")
    raw_id_fields = ("thread", "author", "deleted_by")
    fields = (
        "thread",
        "author",
        "status",
        "body",
        "created_at",
        "deleted_at",
        "deleted_by",
        "delete_reason",
    )
    readonly_fields = fields
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Nothing here is editable: saving the page would write the post back
        # as loaded, over a concurrent edit. Posts change through the site.
        return obj is None and super().has_change_permission(request)

    def delete_model(self, request, obj):
        services.purge_post(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            services.purge_post(post, by=request.user)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("post", "user", "reason", "status", "created_at")
    list_filter = ("status",)
    fields = ("post", "user", "reason", "status", "resolved_by", "resolved_at")
    readonly_fields = fields
    actions = ["hide_posts", "dismiss_flags"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # "change" allows the actions, which go through resolve_flag; the page
        # itself is read-only (saving it would rewrite the flag as loaded).
        return obj is None and super().has_change_permission(request)

    def _resolve(self, request, queryset, action):
        done = 0
        for flag in queryset.filter(status=Flag.Status.OPEN):
            try:
                services.resolve_flag(flag, moderator=request.user, action=action)
                done += 1
            except ValidationError:
                continue
        self.message_user(request, _("%(count)s flags handled.") % {"count": done})

    @admin.action(description=_("Hide the flagged posts"), permissions=["change"])
    def hide_posts(self, request, queryset):
        self._resolve(request, queryset, "hide")

    @admin.action(description=_("Dismiss the flags"), permissions=["change"])
    def dismiss_flags(self, request, queryset):
        self._resolve(request, queryset, "dismiss")


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "moderator",
        "action",
        "thread",
        "post",
        "account",
        "details",
    )
    list_filter = ("action",)
    list_select_related = ("moderator", "thread", "post", "account")
    fields = list_display
    readonly_fields = fields
