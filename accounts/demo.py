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
    # A new account: its dossier edit waits for review (dossiers.demo).
    ("temoin51", "temoin51", "contributor"),
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
    _profiles(users)
    return users


# What two demo people chose to show on their profile page (/u/<name>/).
DEMO_BIOS = {
    "kanopai": (
        "Je suis la vidéosurveillance à **Reims** depuis 2020 : conseils "
        "municipaux, marchés publics, rapports parlementaires.",
        True,
    ),
    "css": (
        "Je relis les sources et les chiffres avant qu'ils entrent au carré.",
        False,
    ),
}


def _profiles(users) -> None:
    from accounts.services import update_profile

    for username, (bio, show_follows) in DEMO_BIOS.items():
        user = users[username]
        if user.bio:
            continue
        update_profile(
            user,
            display_name=user.display_name,
            language=user.language,
            email_notifications=user.email_notifications,
            bio=bio,
            show_follows=show_follows,
        )
