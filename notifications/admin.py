from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "verb", "text", "created_at", "read_at")
    list_filter = ("verb",)
    search_fields = ("recipient__username", "text")
    raw_id_fields = ("recipient", "actor")
    date_hierarchy = "created_at"
