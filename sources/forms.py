from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from carre.submissions import SubmissionField
from sources.models import RESERVED_KEYS, Source
from sources.normalization import InvalidURL, normalize_url
from sources.services import EDITABLE_FIELDS
from sources.uploads import MAX_UPLOAD_BYTES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _clean_key(form, key: str, *, exclude_pk=None) -> str:
    key = (key or "").strip()
    if not key:
        return key
    if key in RESERVED_KEYS:
        raise ValidationError(_("This key is reserved; choose another one."))
    taken = Source.objects.filter(key=key).exclude(pk=exclude_pk).exists()
    if taken:
        raise ValidationError(_("Another source already uses this key."))
    return key


class SourceURLForm(forms.Form):
    url = forms.CharField(
        label=_("Address of the page (URL)"),
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Source.Kind.choices, initial=Source.Kind.ARTICLE
    )

    def clean_url(self):
        try:
            return normalize_url(self.cleaned_data["url"])
        except InvalidURL as error:
            raise ValidationError(
                _("Enter a complete web address starting with http:// or https://.")
            ) from error


class SourceForm(forms.ModelForm):
    """A source described by hand, or the correction of one's metadata."""

    # One-time token: a source sent twice is added once (carre.submissions).
    submission = SubmissionField()

    class Meta:
        model = Source
        fields = ["key", "url", *EDITABLE_FIELDS]
        widgets = {
            "published_on": DateInput(),
            "accessed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "key": _("Leave empty to let Carré choose one, like lemonde-2023-01-26."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        if self.instance.pk:
            # The address is what identifies the source; it is not edited.
            del self.fields["url"]
            if self.instance.citations.exists():
                self.fields["key"].disabled = True
                self.fields["key"].help_text = _(
                    "This key is already cited, so it cannot change."
                )

    def clean_key(self):
        if self.fields["key"].disabled:
            return self.instance.key
        return _clean_key(
            self, self.cleaned_data.get("key"), exclude_pk=self.instance.pk
        )

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if not url:
            return url
        try:
            url = normalize_url(url)
        except InvalidURL as error:
            raise ValidationError(
                _("Enter a complete web address starting with http:// or https://.")
            ) from error
        if Source.objects.filter(url=url).exists():
            raise ValidationError(_("This address is already in the library."))
        return url

    def validate_unique(self):
        # Uniqueness is checked by clean_key/clean_url with clear messages.
        pass


# PDFs are stored byte for byte: rewriting one to strip its metadata would break
# its digital signature and its hash would no longer match the published file,
# and no rewrite reaches every place a PDF hides names (embedded images'
# EXIF, annotations, earlier revisions). So the uploader is told, before
# sending, what stays in the file.
PDF_NOTICE = _(
    "A PDF is kept exactly as sent, with its properties (author, software, "
    "dates, XMP metadata): anyone who downloads it can read them. Remove them "
    "first if it is a document you made yourself."
)


class SourceUploadForm(forms.Form):
    submission = SubmissionField()
    file = forms.FileField(
        label=_("Photo or PDF document"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf"
            }
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Source.Kind.choices, initial=Source.Kind.PHOTO
    )
    key = forms.SlugField(label=_("Citation key"), max_length=80, required=False)
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=DateInput()
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per form, not on the field: interpolated in the reader's language.
        self.fields["file"].help_text = " ".join(
            [
                gettext(
                    "JPEG, PNG, WebP or GIF image, or PDF, %(size)s MB at most. "
                    "Location and camera data are removed from photos."
                )
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                str(PDF_NOTICE),
            ]
        )

    def clean_key(self):
        return _clean_key(self, self.cleaned_data.get("key"))
