"""The search form: the words typed and the filters, read from the URL."""

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from dossiers.models import Dossier
from search.queries import GROUPS, MAX_PAGE, Criteria

QUERY_MAX_LENGTH = 200
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]


class TitleChoices(forms.models.ModelChoiceIterator):
    """The dossiers' slugs and titles, read as rows, not as dossiers."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("slug", "title")


class ListSelect(forms.Select):
    """A select whose options are written here rather than through one
    template each: the dossier filter lists every dossier (hundreds), which
    took the template engine 25 ms of a 100 ms search page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    " selected" if option["selected"] else "",
                    option["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search dossiers, posts, sources and facts"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "id": "search-q",
                "autocomplete": "off",
                "aria-describedby": "search-help",
            }
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *GROUPS.items()],
    )
    dossier = forms.ModelChoiceField(
        label=_("Dossier"),
        required=False,
        queryset=Dossier.objects.none(),
        to_field_name="slug",
        empty_label=_("All dossiers"),
        widget=ListSelect,
        error_messages={"invalid_choice": _("There is no such dossier.")},
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        max_length=150,
        help_text=_("A member's user name or display name."),
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The list holds every dossier: its options are read as rows.
        field = self.fields["dossier"]
        field.queryset = Dossier.objects.visible_to(user).order_by("title")
        field.iterator = TitleChoices

    def clean_author(self):
        name = self.cleaned_data["author"].strip()
        if not name:
            return None
        members = User.objects.filter(deleted_at__isnull=True).filter(
            Q(username__iexact=name) | Q(display_name__iexact=name)
        )
        found = list(members[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                _("No member is called “%(name)s”."), params={"name": name}
            )
        return found[0]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    @property
    def is_filtered(self) -> bool:
        return any(
            self.data.get(name)
            for name in ("kind", "dossier", "author", "since", "until")
        )

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            text=data["q"],
            kind=data["kind"],
            dossier=data["dossier"],
            author=data["author"],
            since=data["since"],
            until=data["until"],
            page=data["page"] or 1,
        )
