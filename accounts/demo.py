"""Demo accounts named after the pseudonyms of the Reims thread."""

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import MODERATOR_GROUP

DEMO_PASSWORD = "demo-carre-2026"  # noqa: S105 - documented demo password

# username, display name, role
DEMO_USERS = [
    ("alouette", "Alouette", "moderator"),
    ("kanopai", "kanopai", "contributor"),
    ("css", "css", "contributor"),
    ("felix", "Felix", "contributor"),
    ("admin", "Admin", "admin"),
]


def load() -> dict[str, User]:
    users = {}
    moderators = Group.objects.get(name=MODERATOR_GROUP)
    for username, display_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "is_staff": role == "admin",
                "is_superuser": role == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role == "moderator":
            user.groups.add(moderators)
        users[username] = user
    return users
