from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from carre.submissions import SubmissionField
from forum.models import POST_MAX_LENGTH, REASON_MAX_LENGTH, TITLE_MAX_LENGTH, Category


def _body_help() -> str:
    return _(
        "Markdown: **bold**, *italic*, [link](https://…), > quote, tables. "
        "Mention someone with @name. At most %(limit)s characters."
    ) % {"limit": f"{POST_MAX_LENGTH:,}".replace(",", "\u202f")}


# The documented limit of a post, in the user's language at render time.
BODY_HELP = lazy(_body_help, str)()


class PostForm(forms.Form):
    submission = SubmissionField()
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_MAX_LENGTH,
        strip=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ThreadForm(forms.Form):
    submission = SubmissionField()
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = PostForm.base_fields["body"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at this message?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThreadModerationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None
    )
    is_locked = forms.BooleanField(label=_("Locked (no new replies)"), required=False)
    is_pinned = forms.BooleanField(label=_("Pinned at the top"), required=False)
