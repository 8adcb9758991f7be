"""Forms of dossiers: they parse and display; services validate and save."""

import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from carre.ratelimit import status_for
from carre.submissions import SubmissionField
from dossiers.models import SECTION_TEXT_MAX_LENGTH, SECTION_TITLE_MAX_LENGTH, Dossier
from dossiers.services import DESCRIPTION_FIELDS, REVISION_SUMMARY_MAX_LENGTH

CONFLICT_START = re.compile(r"^<{7} ", re.MULTILINE)
CONFLICT_END = re.compile(r"^>{7} ", re.MULTILINE)


class DossierForm(forms.ModelForm):
    # One-time token: a new dossier sent twice is created once (carre.submissions).
    submission = SubmissionField()
    # The version of the description this edit started from: a newer one is
    # never silently overwritten (see dossiers.services.update_dossier).
    base_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        error_messages={
            "invalid": _("This form is damaged; reload the page."),
            "min_value": _("This form is damaged; reload the page."),
        },
    )

    class Meta:
        model = Dossier
        fields = list(DESCRIPTION_FIELDS)
        help_texts = {
            "place": _("For a city: its name (and region or country if ambiguous)."),
            "latitude": _("Decimal degrees, e.g. 49.2583 for Reims."),
            "longitude": _("Decimal degrees, e.g. 4.0317 for Reims."),
            "status": _("Drafts are visible to signed-in contributors only."),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def description(self) -> dict:
        """The cleaned description, as the services take it."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def rebase(self, conflict) -> None:
        """After an EditConflict: keep what was typed, say why it was not
        saved, and let the next save start from the version saved meanwhile
        (saving again is then a deliberate choice)."""
        self.data = self.data.copy()
        self.data["base_version"] = str(conflict.current_number)
        self.add_error(None, conflict)

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        # Said here, on the field, rather than by the database constraint's
        # generic message.
        if (latitude is None) != (longitude is None):
            self.add_error(
                "latitude", _("Give both latitude and longitude, or neither.")
            )
        elif latitude is not None and not (
            -90 <= latitude <= 90 and -180 <= longitude <= 180
        ):
            self.add_error("latitude", _("These coordinates are outside the globe."))
        return data


# Lazy as a whole: `_(...) % {...}` would be translated (and the number
# formatted: "100 000" in French, "100,000" in English) once, at import.
TEXT_HELP = lazy(
    lambda: (
        gettext("At most %(max)s characters.")
        % {"max": number_format(SECTION_TEXT_MAX_LENGTH, force_grouping=True)}
    ),
    str,
)()


class SectionEditorForm(forms.Form):
    """A form of a section's text, which shows the service's refusals."""

    def refuse(self, error: ValidationError | PermissionDenied) -> int:
        """Show why the service refused the save, and return the status to
        answer with (403, 429 for going too fast, else 400). An error about
        a field the form shows lands on it; any other (a forged base
        revision, going too fast) among the form's own errors."""
        if isinstance(error, PermissionDenied):
            self.add_error(None, str(error) or _("You cannot edit this section."))
            return 403
        shown = {field.name for field in self.visible_fields()}
        for field, errors in error.update_error_dict({}).items():
            self.add_error(field if field in shown else None, errors)
        return status_for(error, 400)


class SectionForm(SectionEditorForm):
    """The inline editor of a section; carries the revision it started from."""

    title = forms.CharField(label=_("Title"), max_length=SECTION_TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        strip=False,
        # The limit is checked (with a clear message) by the service, not here,
        # so the typed text is always sent back to its author.
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=TEXT_HELP,
    )
    summary = forms.CharField(
        label=_("Edit summary (optional)"),
        required=False,
        max_length=REVISION_SUMMARY_MAX_LENGTH,
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict_draft = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # In a conflict: the choice per block ("mine,theirs,…") the merged text
    # was composed from (dossiers.services.resolve_draft).
    draft_choices = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=2000
    )

    def edit(self) -> dict:
        """The cleaned values, as `services.save_section_edit` takes them."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "draft_choices"
        }

    def clean_text(self):
        text = self.cleaned_data["text"]
        if CONFLICT_START.search(text) and CONFLICT_END.search(text):
            raise forms.ValidationError(
                _(
                    "The text still contains conflict markers (<<<<<<<, =======, "
                    ">>>>>>>): keep the lines you want and delete the markers."
                )
            )
        return text


class NewSectionForm(SectionEditorForm):
    submission = SubmissionField()  # sent twice, added once
    title = forms.CharField(label=_("Title"), max_length=SECTION_TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=TEXT_HELP,
    )
    summary = forms.CharField(
        label=_("Edit summary (optional)"),
        required=False,
        max_length=REVISION_SUMMARY_MAX_LENGTH,
    )


class RemoveSectionForm(forms.Form):
    summary = forms.CharField(
        label=_("Why remove it? (optional)"),
        required=False,
        max_length=REVISION_SUMMARY_MAX_LENGTH,
    )


class AcceptPendingEditForm(SectionEditorForm):
    """A reviewer's acceptance of a pending edit, as it is or edited.

    `base_revision`: the revision the text in the form started from (the
    author's base; after a conflict, the revision saved meanwhile).
    """

    title = forms.CharField(label=_("Title"), max_length=SECTION_TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=_("Correct it here before accepting, if needed."),
    )
    base_revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "invalid": _("This form is damaged; reload the page."),
            "min_value": _("This form is damaged; reload the page."),
            "required": _("This form is damaged; reload the page."),
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if CONFLICT_START.search(text) or CONFLICT_END.search(text):
            raise ValidationError(
                _(
                    "The text still holds conflict markers (<<<<<<< … >>>>>>>): "
                    "keep the right passage and remove the markers."
                )
            )
        return text


class RefusePendingEditForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is told, and it goes to the moderation log."),
    )
