"""Accounts in the admin, and who may change what about an account.

- Superusers manage every account and alone grant roles (staff, superuser,
  groups, permissions) and edit groups.
- Other staff manage, within the Django permissions they were given, the
  accounts that are neither staff nor superuser; they grant no role.
- Moderators see accounts, without password or email; they suspend and
  reinstate contributors from the account's page, with a reason that the
  moderation log keeps (accounts.services.suspend_user / reinstate_user).

allauth's email addresses and two-factor devices are credentials too: the same
rule applies to them (an email address is a password reset away from the
account). See docs/security.md, "Roles and who manages accounts".
"""

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services
from accounts.forms import ModerationReasonForm
from accounts.models import User
from accounts.permissions import (
    can_manage_account,
    can_suspend_user,
    check_can_suspend_user,
    manageable_accounts,
)
from accounts.profiles import bump_links_stamp

# Shown only to those who may change the account: a password hash can be
# cracked offline, and contributors are pseudonymous.
PRIVATE_FIELDS = ("password", "email")
ROLE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def _without(fields, hidden) -> tuple:
    return tuple(field for field in fields if field not in hidden)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "is_active", "is_staff", "date_joined")
    search_fields = ("username", "display_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Profile"), {"fields": ("display_name", "email", "language")}),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/suspend/",
                view(self.suspend_view),
                name="accounts_user_suspend",
            ),
            path(
                "<path:object_id>/reinstate/",
                view(self.reinstate_view),
                name="accounts_user_reinstate",
            ),
            *super().get_urls(),
        ]

    # Every page of an account (change, password, delete, actions) asks these
    # with the account: Django's permission is necessary, not sufficient.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_manage_account(request.user, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], PRIVATE_FIELDS)})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("last_login", "date_joined")
        return (*ROLE_FIELDS, "last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A renamed or (de)activated account changes its profile links.
        if change and {"username", "is_active"} & set(form.changed_data):
            transaction.on_commit(bump_links_stamp)

    def lookup_allowed(self, lookup, value, request):
        # Filtering by email (?email__startswith=a) would spell out addresses
        # the page does not show.
        if lookup.startswith("email") and not request.user.is_superuser:
            return False
        return super().lookup_allowed(lookup, value, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        account = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_suspend": account is not None
            and account.is_active
            and can_suspend_user(request.user, account),
            "can_reinstate": account is not None
            and not account.is_active
            and account.deleted_at is None
            and can_suspend_user(request.user, account),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def suspend_view(self, request, object_id):
        return self._moderation_view(
            request,
            object_id,
            change=services.suspend_user,
            title=_("Suspend the account %(name)s"),
            intro=_(
                "The account can no longer sign in and its open sessions end. "
                "What it wrote stays. The moderation log keeps your reason."
            ),
            submit=_("Suspend the account"),
            done=_("The account %(name)s was suspended."),
        )

    def reinstate_view(self, request, object_id):
        return self._moderation_view(
            request,
            object_id,
            change=services.reinstate_user,
            title=_("Reinstate the account %(name)s"),
            intro=_(
                "The account can sign in again. The moderation log keeps your reason."
            ),
            submit=_("Reinstate the account"),
            done=_("The account %(name)s was reinstated."),
        )

    def _moderation_view(
        self, request, object_id, *, change, title, intro, submit, done
    ):
        """A reason form for suspend_user/reinstate_user; both check who acts."""
        account = self.get_object(request, unquote(object_id))
        if account is None:
            raise Http404(_("This account does not exist."))
        if not self.has_view_permission(request, account):
            raise PermissionDenied
        name = account.get_username()
        context = {
            **self.admin_site.each_context(request),
            "title": title % {"name": name},
            "subtitle": None,
            "opts": self.opts,
            "original": account,
            "intro": intro,
            "submit_label": submit,
        }
        try:
            check_can_suspend_user(request.user, account)
        except PermissionDenied as refusal:
            context["refusal"] = str(refusal)
            return TemplateResponse(
                request, "admin/accounts/user/moderate.html", context, status=403
            )
        form = ModerationReasonForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                change(account, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, done % {"name": name}, messages.SUCCESS)
                return redirect(
                    reverse("admin:accounts_user_change", args=[account.pk])
                )
        context["form"] = form
        return TemplateResponse(
            request,
            "admin/accounts/user/moderate.html",
            context,
            status=400 if form.is_bound else 200,
        )


# Groups carry permissions: whoever edits one grants its members (maybe
# themselves) what it holds. Only superusers do.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(BaseEmailAddressAdmin):
    """Addresses of the accounts one may manage, and only those."""

    actions = ["make_verified"]

    def get_queryset(self, request):
        accounts = manageable_accounts(request.user)
        return super().get_queryset(request).filter(user__in=accounts)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Adding an address to a superuser's account is taking it over.
        if db_field.name == "user":
            kwargs["queryset"] = manageable_accounts(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(
        description=gettext_lazy("Mark selected email addresses as verified"),
        permissions=["change"],
    )
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(BaseAuthenticatorAdmin):
    """Two-factor devices: listed and removable, never read or written.

    `data` holds the TOTP secret and recovery codes: whoever reads it can
    produce codes, whoever writes it chooses them. A lost device is removed
    here and its owner sets up a new one.
    """

    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def get_queryset(self, request):
        accounts = manageable_accounts(request.user)
        return super().get_queryset(request).filter(user__in=accounts)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request):
        if lookup.startswith("data"):
            return False
        return super().lookup_allowed(lookup, value, request)
