"""Plain functions that build test data through the real models and services."""

from itertools import count

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import MODERATOR_GROUP

PASSWORD = "correct-horse-battery-staple"
_serial = count(1)


def make_user(
    username: str | None = None,
    *,
    role: str = "contributor",
    password: str = PASSWORD,
    **fields,
) -> User:
    """A user with a usable password; role is contributor, moderator or admin."""
    username = username or f"user{next(_serial)}"
    user = User.objects.create_user(username=username, password=password, **fields)
    if role == "moderator":
        group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
        user.groups.add(group)
    elif role == "admin":
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user
