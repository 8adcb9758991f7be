"""The permission matrix: who may do what on every route, per area.

Each module here (core, accounts, admin, api, forum, ...) holds a declarative
`ROUTES` table: route name -> {"kwargs": ..., "GET": {role: outcome}, ...}
and may define `build(world)` to create the objects its URLs point to through
the app's own services. tests/security/test_permission_matrix.py walks the URL
configuration and checks every route against these tables.

Outcomes:
    "ok"        2xx
    "redirect"  3xx, not to a login page
    "login"     3xx to the login page (allauth's or the admin's)
    "allowed"   passed the permission check: any 2xx, 3xx not to login, 400,
                409 or 422 (an empty POST may be refused as invalid input)
    "denied"    403
    "hidden"    404
    "refused"   405 (method not allowed)
    an int      exactly that status
"""

ROLES = (
    "anonymous",
    "new_contributor",
    "contributor",
    "author",
    "other_contributor",
    "moderator",
    "admin",
    "suspended",
)
# Contributors who are not the author of the objects the URL points to.
CONTRIBUTORS = ("new_contributor", "contributor", "other_contributor")


def everyone(outcome) -> dict:
    """The same outcome for every role."""
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, *, otherwise="login") -> dict:
    """`outcome` for active accounts; anonymous and suspended get `otherwise`.

    A suspended account (is_active=False) is treated as anonymous by Django's
    authentication backend, so it meets the login page too.
    """
    table = everyone(outcome)
    table["anonymous"] = table["suspended"] = otherwise
    return table


def author_or_moderator(outcome, *, others="denied", anonymous="login") -> dict:
    """`outcome` for the author, moderators and admins; `others` for the rest."""
    table = signed_in(others, otherwise=anonymous)
    table["author"] = table["moderator"] = table["admin"] = outcome
    return table


def moderators(outcome, *, others="denied", anonymous="login") -> dict:
    """`outcome` for moderators and admins; `others` for contributors."""
    table = signed_in(others, otherwise=anonymous)
    table["moderator"] = table["admin"] = outcome
    return table


def admins(outcome, *, others="denied", anonymous="login") -> dict:
    table = signed_in(others, otherwise=anonymous)
    table["admin"] = outcome
    return table


def anonymous_only(outcome, *, signed="redirect") -> dict:
    """Pages for visitors (login, signup): signed-in users are sent on."""
    table = everyone(signed)
    table["anonymous"] = table["suspended"] = outcome
    return table
