from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from carre.ratelimit import RateLimited
from carre.revisions import EditConflict
from carre.submissions import SubmissionField
from forum.models import POST_MAX_LENGTH, REASON_MAX_LENGTH, TITLE_MAX_LENGTH, Category


def _body_help() -> str:
    return _(
        "Markdown: **bold**, *italic*, [link](https://…), > quote, tables. "
        "Mention someone with @name. At most %(limit)s characters."
    ) % {"limit": f"{POST_MAX_LENGTH:,}".replace(",", "\u202f")}


# The documented limit of a post, in the user's language at render time.
BODY_HELP = lazy(_body_help, str)()


class ServiceForm(forms.Form):
    """A form whose data a service writes; a refusal of the service shows on
    the form, with what was typed kept."""

    refusal_field = "body"

    def refuse(self, error: ValidationError | PermissionDenied) -> int:
        """Show the service's refusal on the form; returns the status to answer
        with: 429 (rate limit), 409 (edit conflict), 403 (not allowed) or 422."""
        if isinstance(error, PermissionDenied):
            self.add_error(None, str(error) or _("You cannot do this."))
            return 403
        field = self.refusal_field if self.refusal_field in self.fields else None
        for message in error.messages:
            self.add_error(field, message)
        if isinstance(error, RateLimited):
            return 429
        return 409 if isinstance(error, EditConflict) else 422


class PostForm(ServiceForm):
    submission = SubmissionField()
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_MAX_LENGTH,
        strip=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ThreadForm(ServiceForm):
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


class FlagForm(ServiceForm):
    refusal_field = "reason"
    reason = forms.CharField(
        label=_("Why should a moderator look at this message?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThreadModerationForm(ServiceForm):
    refusal_field = "title"
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None
    )
    is_locked = forms.BooleanField(label=_("Locked (no new replies)"), required=False)
    is_pinned = forms.BooleanField(label=_("Pinned at the top"), required=False)
