"""Notifications: each user sees and marks only their own."""

from tests.security.access import signed_in


def build(world):
    from notifications import services

    (world.notification,) = services.notify(
        [world.author], actor=world.contributor, verb="reply", text="Une réponse"
    )


def own_only(outcome):
    """`outcome` for the recipient (the author); 404 for every other account."""
    table = signed_in("hidden")
    table["author"] = outcome
    return table


ROUTES = {
    "notification-list": {"GET": signed_in("ok"), "POST": signed_in("refused")},
    "notification-read": {
        "kwargs": {"pk": "notification.pk"},
        "GET": signed_in("refused"),
        "POST": own_only("allowed"),
    },
    "notification-read-all": {
        "GET": signed_in("refused"),
        "POST": signed_in("redirect"),
    },
}
