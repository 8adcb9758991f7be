"""State changes of accounts."""

from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, UserSession
from accounts.permissions import check_can_suspend_user
from accounts.profiles import bump_links_stamp
from carre.markdown import render
from carre.moderation_log import DETAILS_MAX_LENGTH, clean_reason, log_moderation

# Rows that hold secrets or bookkeeping rather than the user's own data: they
# stay out of the export (session keys and TOTP secrets would be credentials).
EXPORT_EXCLUDED_MODELS = {
    "accounts.usersession",
    "admin.logentry",
    "mfa.authenticator",
    "sessions.session",
    "django_tasks_database.dbtaskresult",
}
PROFILE_FIELDS = (
    "username",
    "display_name",
    "email",
    "language",
    "email_notifications",
    "bio",
    "show_follows",
    "profile_hidden",
    "date_joined",
    "last_login",
)


@transaction.atomic
def update_profile(
    user: User,
    *,
    display_name: str,
    language: str,
    email_notifications: bool,
    bio: str | None = None,
    profile_hidden: bool | None = None,
    show_follows: bool | None = None,
) -> User:
    """Save the account's settings; the profile's (None: unchanged) too.

    The "about me" text goes through the Markdown pipeline and its sanitizer
    like any post. Hiding or showing the profile page replaces the stamp of
    profile links, so cached pages drop or regain their links at once.
    """
    fields = ["display_name", "language", "email_notifications"]
    user.display_name = display_name.strip()
    user.language = language
    user.email_notifications = email_notifications
    if bio is not None:
        user.bio = bio.strip()
        user.bio_html = render(user.bio).html
        fields += ["bio", "bio_html"]
    if show_follows is not None:
        user.show_follows = show_follows
        fields.append("show_follows")
    if profile_hidden is not None:
        # Bumped on every save of the setting: a ModelForm has already set the
        # new value on `user`, so "did it change" cannot be told from it.
        user.profile_hidden = profile_hidden
        fields.append("profile_hidden")
        transaction.on_commit(bump_links_stamp)
    user.save(update_fields=fields)
    return user


def _session_store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


@transaction.atomic
def record_login(user: User, *, session) -> UserSession:
    """Remember the new session of `user` and fix its absolute end.

    The end is set once, at login, so activity never extends a session beyond
    SESSION_COOKIE_AGE (the idle timeout is in accounts.middleware).
    """
    now = timezone.now()
    session.set_expiry(now + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session["carre_login_at"] = int(now.timestamp())
    session["carre_last_seen"] = int(now.timestamp())
    if session.session_key is None:
        session.save()
    record, _ = UserSession.objects.get_or_create(
        session_key=session.session_key, defaults={"user": user}
    )
    return record


@transaction.atomic
def forget_session(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def other_sessions(user: User, *, current_session_key: str | None) -> list[UserSession]:
    """The user's other sessions that have not ended yet."""
    records = UserSession.objects.filter(user=user).exclude(
        session_key=current_session_key or ""
    )
    return [r for r in records if _session_store().exists(r.session_key)]


def current_session(user: User, *, session_key: str | None) -> UserSession | None:
    """The record of the session `session_key` is, if it is one of `user`'s."""
    return UserSession.objects.filter(user=user, session_key=session_key or "").first()


@transaction.atomic
def end_other_sessions(user: User, *, current_session_key: str | None) -> int:
    """Log `user` out everywhere but in the current session; return how many."""
    records = list(
        UserSession.objects.select_for_update()
        .filter(user=user)
        .exclude(session_key=current_session_key or "")
    )
    ended = 0
    for record in records:
        store = _session_store(record.session_key)
        if store.exists(record.session_key):
            ended += 1
        store.delete(record.session_key)
    UserSession.objects.filter(pk__in=[r.pk for r in records]).delete()
    return ended


# Kept on account deletion although they would cascade: the admin's audit log.
KEPT_ON_DELETION = {"admin.logentry"}


def _user_fields(model) -> list:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model is User
    ]


def _user_foreign_keys(model) -> list[str]:
    return [field.name for field in _user_fields(model)]


def _without_other_users(row: dict, model, user: User) -> dict:
    """A row of the export, where foreign keys to other users are hidden."""
    for field in _user_fields(model):
        if row.get(field.name) not in (None, user.pk):
            row[field.name] = None
    return row


def export_data(user: User) -> dict:
    """Everything Carré holds about `user`, discovered from the models.

    Every model with a foreign key to the user contributes the rows that point
    to them (posts, revisions, sources added, notifications, ...).
    """
    profile = {name: getattr(user, name) for name in PROFILE_FIELDS}
    profile["groups"] = sorted(user.groups.values_list("name", flat=True))
    content = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXPORT_EXCLUDED_MODELS or model is User:
            continue
        fields = _user_foreign_keys(model)
        if not fields:
            continue
        condition = models.Q()
        for name in fields:
            condition |= models.Q(**{name: user})
        rows = model._default_manager.filter(condition).order_by("pk")
        if rows.exists():
            content[label] = [
                _without_other_users({"pk": row["pk"], **row["fields"]}, model, user)
                for row in serializers.serialize("python", rows)
            ]
    return {"profile": profile, "content": content}


@transaction.atomic
def delete_account(user: User) -> User:
    """Anonymise `user` for good; their content stays, under "deleted user".

    The row is kept (foreign keys of posts and revisions stay valid) but holds
    nothing personal any more and can never log in again.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user = User.objects.select_for_update().get(pk=user.pk)
    end_other_sessions(user, current_session_key=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # Rows that would go with the user in a real delete (on_delete=CASCADE:
    # drafts, subscriptions, read state, notifications received...) go now;
    # content (PROTECT or SET_NULL: posts, revisions, sources) stays.
    for model in apps.get_models():
        if model is User or model._meta.label_lower in KEPT_ON_DELETION:
            continue
        for field in _user_fields(model):
            if field.remote_field.on_delete is models.CASCADE:
                model._default_manager.filter(**{field.name: user}).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"deleted-{user.pk}"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.language = ""
    user.email_notifications = False
    user.bio = user.bio_html = ""
    user.show_follows = False
    # A moderator's reason may describe the person.
    user.trust_level_override = None
    user.trust_override_reason = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    transaction.on_commit(bump_links_stamp)
    return user


# --- moderation of accounts ---------------------------------------------------

# The longest reason the moderation log keeps (the account forms' limit).
REASON_MAX_LENGTH = DETAILS_MAX_LENGTH


def _clean_reason(reason: str) -> str:
    return clean_reason(
        reason, required=_("Say why: the reason goes to the moderation log.")
    )


def _account_for_moderation(user: User, *, by: User) -> User:
    account = User.objects.select_for_update().get(pk=user.pk)
    check_can_suspend_user(by, account)
    return account


@transaction.atomic
def suspend_user(user: User, *, by: User, reason: str) -> User:
    """Suspend a contributor's account, with the reason logged.

    The account can no longer sign in and every open session ends. Staff,
    superusers and moderators are refused (`check_can_suspend_user`).
    """
    account = _account_for_moderation(user, by=by)
    reason = _clean_reason(reason)
    if not account.is_active:
        raise ValidationError(
            _("This account is already suspended."), code="already_suspended"
        )
    account.is_active = False
    account.save(update_fields=["is_active"])
    transaction.on_commit(bump_links_stamp)
    end_other_sessions(account, current_session_key=None)
    log_moderation(by, "suspend", account=account, details=reason)
    return account


@transaction.atomic
def reinstate_user(user: User, *, by: User, reason: str) -> User:
    """Let a suspended contributor sign in again, with the reason logged."""
    account = _account_for_moderation(user, by=by)
    reason = _clean_reason(reason)
    if account.deleted_at is not None:
        raise ValidationError(
            _("This account was deleted by its owner: it cannot be reinstated."),
            code="deleted",
        )
    if account.is_active:
        raise ValidationError(_("This account is not suspended."), code="active")
    account.is_active = True
    account.save(update_fields=["is_active"])
    transaction.on_commit(bump_links_stamp)
    log_moderation(by, "reinstate", account=account, details=reason)
    return account
