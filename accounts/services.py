"""State changes of accounts."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def update_profile(
    user: User, *, display_name: str, language: str, email_notifications: bool
) -> User:
    user.display_name = display_name.strip()
    user.language = language
    user.email_notifications = email_notifications
    user.save(update_fields=["display_name", "language", "email_notifications"])
    return user
