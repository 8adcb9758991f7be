from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from forum.models import Category
from sources.models import Source
from tips import questions
from tips.models import TIP_LINKS_MAX_LENGTH, TIP_TEXT_MAX_LENGTH

MAX_FILES = 3
MAX_LINKS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TipForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to tell us?"),
        max_length=TIP_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Where, when, who, and how you know it. Do not write your name "
            "unless you want us to know it."
        ),
    )
    links = forms.CharField(
        label=_("Links (optional)"),
        required=False,
        max_length=TIP_LINKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address a line: an article, a document, a video…"),
    )
    files = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_(
            "Up to 3 photos (JPEG, PNG, WebP, GIF) or PDF documents, 10 MB each. "
            "The metadata of photos (position, camera) is removed; a PDF is "
            "kept as it is, metadata included."
        ),
    )
    question = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), max_length=100)

    def ask(self, question) -> None:
        """Show `question`; a form sent back gets it with an empty answer."""
        self.fields["answer"].label = question.question
        self.fields["answer"].help_text = _(
            "This question keeps robots out; it needs no script and sends "
            "nothing to anyone else."
        )
        if self.is_bound:
            self.data = self.data.copy()
            self.data["question"] = question.pk
            self.data["answer"] = ""
        else:
            self.initial["question"] = question.pk

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_LINKS:
            raise ValidationError(
                _("At most %(count)s links."), params={"count": MAX_LINKS}
            )
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(line)s” is not a web address (http:// or https://)."),
                    params={"line": line[:100]},
                ) from error
        return "\n".join(lines)

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("At most %(count)s files."), params={"count": MAX_FILES}
            )
        return files

    def clean(self):
        data = super().clean()
        question = questions.question_by_id(data.get("question"))
        answer = data.get("answer")
        if answer is not None and (
            question is None or not questions.is_right(question, answer)
        ):
            self.add_error(
                "answer",
                _("This is not the expected answer. Try again (a new question)."),
            )
        return data


class TipThreadForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all()
    )
    title = forms.CharField(label=_("Thread title"), max_length=200)
    body = forms.CharField(
        label=_("First message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The tip as it will be posted under your name; a first line says "
            "it comes from an anonymous tip."
        ),
    )


class TipSourceForm(forms.Form):
    title = forms.CharField(label=_("Source title"), max_length=500)
    url = forms.ChoiceField(label=_("Address"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Source.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4500,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, tip, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].choices = [
            ("", _("(none)")),
            *((link, link) for link in tip.link_list),
        ]


class TipDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=300,
        help_text=_("Recorded in the moderation log."),
    )
