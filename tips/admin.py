from django.contrib import admin

from tips.models import TipQuestion


@admin.register(TipQuestion)
class TipQuestionAdmin(admin.ModelAdmin):
    """The tip form's questions (its captcha), kept by the moderators.
    Tips themselves are handled in the inbox (/tips/inbox/), where every
    decision is logged."""

    list_display = ("question", "answers", "active")
    list_editable = ("active",)
