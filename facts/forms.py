"""Forms to add and edit facts; they validate, the services save.

Sources are chosen by their citation key (as in `[@key]`), so the form
scales with a library of thousands of sources: `source_key` for a figure,
one `key, locator` per line in `citations` for events and deployments.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from facts.models import Actor, Deployment, Event, Figure

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HELP = _("For a month or a year, any day in it; the precision says which.")


def parse_citation_lines(text: str) -> list[tuple[str, str]]:
    """`key` or `key, locator` per line; `[@key, p. 66]` and `@key` also accepted."""
    citations = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            line = line[1:-1].strip()
        line = line.removeprefix("@")
        if not line:
            continue
        key, _comma, locator = line.partition(",")
        citations.append((key.strip(), locator.strip()))
    return citations


class FactForm(forms.ModelForm):
    """Fields every fact form has: the edit summary and the base version."""

    summary = forms.CharField(
        label=_("Summary of the change"),
        max_length=300,
        required=False,
        help_text=_("Optional; shown in the history."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Form-only fields, not copied into the fact's values.
    extra_fields = ("summary", "base_version")

    # Decimal fields typed the French way too ("1,5"), shown without zeros.
    decimal_fields = ()

    def __init__(self, *args, dossier, **kwargs):
        kind = self._meta.model.kind
        kwargs.setdefault("auto_id", f"fact-{kind}-{kwargs['instance'].pk or 'new'}-%s")
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        if self.instance.pk and not self.is_bound:
            self.initial["base_version"] = self.instance.version
        for name in self.decimal_fields:
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True
            value = getattr(self.instance, name)
            if value is not None and not self.is_bound:
                self.initial[name] = format(value.normalize(), "f")
        for name in ("attributed_to", "vendor"):
            if name in self.fields:
                self.fields[name].queryset = Actor.objects.filter(
                    dossier=dossier, removed=False
                ).order_by("name")

    def rebase(self, conflict) -> None:
        """After a FactConflict: keep what was typed, say why it was not
        saved, and let the next save start from the version saved meanwhile."""
        self.data = self.data.copy()
        self.data["base_version"] = str(conflict.current_number)
        self.add_error(None, conflict)

    def fact_values(self) -> dict:
        """The cleaned values the services store, keyed by model field name."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.extra_fields and name in self._meta.fields
        }

    def _resolve_keys(self, keys: list[str], field: str):
        from sources.models import Source

        sources = {source.key: source for source in Source.objects.filter(key__in=keys)}
        unknown = [key for key in keys if key not in sources]
        if unknown:
            self.add_error(
                field,
                _("Unknown source key: %(keys)s. Add the source to the library first.")
                % {"keys": ", ".join(unknown)},
            )
        return sources


@dataclass
class ConflictRow:
    label: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


def _shown(field, value) -> str:
    """A form value as a reader would say it: labels, not codes or ids."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, forms.ModelChoiceField):
        chosen = field.queryset.filter(pk=value).first()
        return str(chosen) if chosen else ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    choices = getattr(field, "choices", None)
    if choices:
        return str(
            dict((str(key), label) for key, label in choices).get(str(value), value)
        )
    return str(value).strip()


def conflict_rows(submitted: FactForm, current: FactForm) -> list[ConflictRow]:
    """Each field of a conflicting edit: the newer saved value beside the one
    the editor typed (`submitted` is valid; `current` is unbound, on the fact
    as it is now)."""
    rows = []
    for name, field in submitted.fields.items():
        if name in ("summary", "base_version"):
            continue
        rows.append(
            ConflictRow(
                label=str(field.label),
                theirs=_shown(current.fields[name], current[name].value()),
                yours=_shown(field, submitted.cleaned_data.get(name)),
            )
        )
    return rows


class ActorForm(FactForm):
    class Meta:
        model = Actor
        fields = ["name", "actor_kind", "role", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class FigureForm(FactForm):
    source_key = forms.CharField(
        label=_("Source (citation key)"),
        max_length=80,
        required=False,
        help_text=_("The key of a source in the library, as in [@key]."),
    )
    extra_fields = ("summary", "base_version", "source_key")
    decimal_fields = ("value",)

    class Meta:
        model = Figure
        fields = [
            "subject",
            "value",
            "unit",
            "as_of",
            "as_of_precision",
            "attributed_to",
            "locator",
            "rank",
            "rank_reason",
            "note",
        ]
        widgets = {
            "as_of": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"as_of": DATE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.source_id and not self.is_bound:
            self.initial["source_key"] = self.instance.source.key
        self.source = None

    def clean_source_key(self):
        key = self.cleaned_data["source_key"].strip().removeprefix("@")
        if key:
            self.source = self._resolve_keys([key], "source_key").get(key)
        return key

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("rank", "normal") != "normal"
            and not cleaned.get("rank_reason", "").strip()
        ):
            self.add_error(
                "rank_reason", _("Say why this value is preferred or deprecated.")
            )
        return cleaned

    def fact_values(self) -> dict:
        values = super().fact_values()
        values["source"] = self.source
        return values


class CitationsMixin:
    """A `citations` text field: one source key (and locator) per line."""

    def _init_citations(self):
        self.fields["citations"] = forms.CharField(
            label=_("Sources"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_(
                "One source key per line, optionally followed by a "
                "comma and a locator: streetpress-2023, 15:40"
            ),
        )
        if self.instance.pk and not self.is_bound:
            self.initial["citations"] = "\n".join(
                f"{c.source.key}, {c.locator}" if c.locator else c.source.key
                for c in self.instance.citations.select_related("source")
            )
        self.citation_rows = []

    def clean_citations(self):
        text = self.cleaned_data["citations"]
        pairs = parse_citation_lines(text)
        sources = self._resolve_keys([key for key, _locator in pairs], "citations")
        self.citation_rows = [
            (sources[key], locator) for key, locator in pairs if key in sources
        ]
        return text


class EventForm(CitationsMixin, FactForm):
    extra_fields = ("summary", "base_version", "citations")

    class Meta:
        model = Event
        fields = [
            "date",
            "date_precision",
            "end_date",
            "end_precision",
            "title",
            "description",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"date": DATE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_citations()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


class DeploymentForm(CitationsMixin, FactForm):
    extra_fields = ("summary", "base_version", "citations")
    decimal_fields = ("cost",)

    class Meta:
        model = Deployment
        fields = [
            "technology",
            "name",
            "vendor",
            "status",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "quantity",
            "cost",
            "description",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_citations()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


FORMS = {
    "actor": ActorForm,
    "figure": FigureForm,
    "event": EventForm,
    "deployment": DeploymentForm,
}
