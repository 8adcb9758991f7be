from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import REASON_MAX_LENGTH
from carre.integrity import unique_violation_fields


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS), safe against simultaneous sign-ups.

    allauth checks that the username is free while validating; two people
    choosing one name at the same moment both pass that check, and the
    database refuses the second account. That refusal becomes the usual
    "username taken" error (accounts.views.SignupView shows the form again).
    """

    def try_save(self, request):
        try:
            # The user and their email address are created together or not at all.
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError as error:
            if "username" not in unique_violation_fields(error, User):
                raise
            taken = get_adapter().error_messages["username_taken"]
            raise ValidationError({"username": taken}, code="unique") from error


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "language",
            "email_notifications",
            "bio",
            "show_follows",
            "profile_hidden",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class DeleteAccountForm(forms.Form):
    """Deleting an account is confirmed with its password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This password is not correct."), code="wrong_password"
            )
        return password


class ModerationReasonForm(forms.Form):
    """Why a moderator suspends or reinstates an account (logged)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the moderation log, with your name."),
    )


class TrustLevelForm(forms.Form):
    """A moderator sets a person's trust level by hand, or gives back the
    earned one (accounts.trust.set_trust_level)."""

    level = forms.TypedChoiceField(
        label=_("Trust level"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            ("", _("As earned by their activity")),
            (0, _("0 · new: edits reviewed")),
            (1, _("1 · basic")),
            (2, _("2 · member")),
            (3, _("3 · regular: reviews others' edits")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the moderation log, with your name."),
    )
