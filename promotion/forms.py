"""The "Add to dossier" dialog: choose a dossier, then what the post becomes."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from facts.forms import DATE_WIDGET
from facts.models import DatePrecision


class DossierChoiceForm(forms.Form):
    dossier = forms.ModelChoiceField(
        label=_("Dossier"), queryset=None, to_field_name="slug"
    )

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = dossiers


class PromoteForm(forms.Form):
    """Add a post to a dossier: into a section, or as an event or a figure."""

    class Target(models.TextChoices):
        SECTION = "section", _("Append to a section")
        NEW_SECTION = "new_section", _("Start a new section")
        EVENT = "event", _("Make it an event of the timeline")
        FIGURE = "figure", _("Make it a figure")

    target = forms.ChoiceField(
        label=_("What to do with the post"),
        choices=Target.choices,
        widget=forms.RadioSelect,
        initial=Target.SECTION,
    )
    section = forms.ModelChoiceField(label=_("Section"), queryset=None, required=False)
    new_section_title = forms.CharField(
        label=_("Title of the new section"), max_length=200, required=False
    )
    title = forms.CharField(label=_("Event title"), max_length=200, required=False)
    date = forms.DateField(label=_("Event date"), required=False, widget=DATE_WIDGET)
    date_precision = forms.ChoiceField(
        label=_("Date precision"), choices=DatePrecision.choices, initial="day"
    )
    subject = forms.CharField(label=_("Figure subject"), max_length=200, required=False)
    value = forms.DecimalField(
        label=_("Value"), max_digits=20, decimal_places=4, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)

    required_by_target = {
        "section": ("section",),
        "new_section": ("new_section_title",),
        "event": ("title", "date"),
        "figure": ("subject", "value"),
    }

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.fields["section"].queryset = dossier.sections.filter(
            removed=False
        ).order_by("position", "id")

    def clean(self):
        cleaned = super().clean()
        for name in self.required_by_target.get(cleaned.get("target"), ()):
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("This field is required for this choice."))
        return cleaned


def promote_forms(
    request, post, *, dossiers
) -> tuple[DossierChoiceForm, PromoteForm | None]:
    """The dialog's two steps: the dossier (chosen first by a GET form
    without JavaScript) and, once one is chosen, what the post becomes."""
    posted = request.POST if request.method == "POST" else None
    data = posted if posted is not None else request.GET
    # Ids unique per post: several dialogs may be open on one thread page.
    auto_id = f"promote-{post.pk}-%s"
    choice = DossierChoiceForm(
        data if "dossier" in data else None, dossiers=dossiers, auto_id=auto_id
    )
    if not choice.is_valid():
        return choice, None
    dossier = choice.cleaned_data["dossier"]
    return choice, PromoteForm(posted, dossier=dossier, auto_id=auto_id)
