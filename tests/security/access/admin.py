"""The admin: every page of every registered model, and the admin's own pages.

Contributors (not staff, not moderators) are sent to the admin's login page.
Moderators see the models their group has permissions on (accounts/roles.py
and each app's roles.py) and change only what those pages allow; they never
change an account (no password, email, status or role of anyone): they
suspend and reinstate contributors on the suspend/reinstate pages, which call
accounts.services. Admins (superusers) see everything, within what each
ModelAdmin allows (rows made by services are not added here, history is
read-only...).

Each model's object pages (change, history, delete, the `<id>/` redirect and
extra pages such as a user's password page) point at a real row of the
world, built below. Django's admin answers PUT and DELETE as it answers GET
(only POST writes), so those methods share the GET table.
"""

import datetime
from dataclasses import dataclass, field

from tests.security.access import ROLES

READ_METHODS = ("GET", "PUT", "DELETE")
VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
EVERYTHING = frozenset({VIEW, ADD, CHANGE, DELETE})


def build(world):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group
    from django_tasks_db.models import DBTaskResult, get_date_max

    from accounts.roles import MODERATOR_GROUP
    from accounts.services import suspend_user
    from dossiers.models import PendingEdit
    from facts import services as facts
    from facts.models import PendingFactEdit
    from forum.models import ModerationLog
    from promotion.services import promote_post_to_event
    from sources import services as sources
    from sources.models import Citation
    from tests.factories import make_user
    from tips.models import TipQuestion

    world.moderator_group = Group.objects.get(name=MODERATOR_GROUP)
    # A contributor with credentials a takeover would want: an email address
    # and a two-factor device. A moderator suspends them (with a reason).
    world.spammer = make_user("spammeur", display_name="Spammeur")
    world.email_address = EmailAddress.objects.create(
        user=world.spammer, email="spammeur@example.org", primary=True, verified=True
    )
    world.authenticator = TOTP.activate(world.spammer, generate_totp_secret()).instance
    suspend_user(world.spammer, by=world.moderator, reason="Publicité en série")
    world.suspension = ModerationLog.objects.get(account=world.spammer)

    world.actor = facts.add_actor(
        dossier=world.dossier, by=world.author, name="Thales", kind="organisation"
    )
    world.cited_source = sources.add_source_manually(
        added_by=world.author, title="Compte rendu du conseil municipal", kind="video"
    )
    world.deployment = facts.add_deployment(
        dossier=world.dossier,
        by=world.author,
        technology="anpr",
        status="experimented",
        vendor=world.actor,
        citations=[(world.cited_source, "22:50")],
    )
    world.citation = Citation.objects.get(source=world.cited_source)
    world.provenance = promote_post_to_event(
        world.post,
        by=world.author,
        dossier=world.dossier,
        date=datetime.date(2023, 1, 30),
        title="Conseil municipal",
    )
    world.event = world.provenance.event
    world.fact_revision = world.figure.revisions.first()
    # Edits held for review (trust levels), as a new account's would be.
    world.pending_edit = PendingEdit.objects.create(
        dossier=world.dossier,
        target=PendingEdit.Target.DESCRIPTION,
        author=world.author,
        text="La ville compte 245 caméras.",
    )
    world.pending_fact_edit = PendingFactEdit.objects.create(
        dossier=world.dossier,
        kind="figure",
        values={"label": "Caméras", "value": "245"},
        author=world.author,
    )
    world.tip_question = TipQuestion.objects.first()
    world.task_result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="sources.tasks.check_link",
        backend_name="default",
        run_after=get_date_max(),  # "as soon as possible"
        exception_class_path="",
        traceback="",
    )


@dataclass(frozen=True)
class Model:
    """A registered model: the row its object pages open, and what each
    admin-site role may do with it there (view, add, change, delete)."""

    row: str  # a path in the world, as kwargs take
    moderator: frozenset = field(default_factory=frozenset)
    admin: frozenset = EVERYTHING
    # The ModelAdmin's queryset leaves out rows of accounts the viewer may not
    # manage (accounts/admin.py): a moderator's history/ finds no such row
    # (Django looks the row up before checking) and sends back to the index.
    hidden_from_moderator: bool = False


def rights(*names) -> frozenset:
    return frozenset(names)


MODELS = {
    # Groups, email addresses and 2FA devices are roles and credentials:
    # superusers only (accounts/admin.py). A device is never read or written,
    # only removed.
    "auth.group": Model("moderator_group"),
    "account.emailaddress": Model("email_address", hidden_from_moderator=True),
    "mfa.authenticator": Model(
        "authenticator", admin=rights(VIEW, DELETE), hidden_from_moderator=True
    ),
    "django_tasks_database.dbtaskresult": Model("task_result", admin=rights(VIEW)),
    # Moderators see accounts, the superuser's included, and change none.
    "accounts.user": Model("admin", moderator=rights(VIEW)),
    "notifications.notification": Model("notification"),
    # forum/roles.py, dossiers/roles.py, sources/roles.py, facts/roles.py.
    "forum.category": Model("category", moderator=rights(VIEW)),
    "forum.thread": Model(
        "thread",
        moderator=rights(VIEW, CHANGE),
        admin=rights(VIEW, CHANGE, DELETE),
    ),
    # Posts and flags change through the site and the flag actions: their
    # pages are read-only for everyone.
    "forum.post": Model("post", moderator=rights(VIEW), admin=rights(VIEW, DELETE)),
    "forum.flag": Model("flag", moderator=rights(VIEW), admin=rights(VIEW, DELETE)),
    "forum.moderationlog": Model(
        "suspension", moderator=rights(VIEW), admin=rights(VIEW)
    ),
    "dossiers.dossier": Model(
        "dossier",
        moderator=rights(VIEW, CHANGE),
        admin=rights(VIEW, CHANGE, DELETE),
    ),
    "dossiers.section": Model(
        "section",
        moderator=rights(VIEW, CHANGE),
        admin=rights(VIEW, CHANGE, DELETE),
    ),
    "dossiers.sectionrevision": Model(
        "revision", moderator=rights(VIEW), admin=rights(VIEW)
    ),
    # world.source is cited nowhere, so moderators may delete it.
    "sources.source": Model("source", moderator=rights(VIEW, CHANGE, DELETE)),
    "sources.citation": Model(
        "citation", moderator=rights(VIEW), admin=rights(VIEW, CHANGE, DELETE)
    ),
    # Facts change through their services: the admin lists them, with actions.
    "facts.actor": Model("actor", moderator=rights(VIEW), admin=rights(VIEW)),
    "facts.figure": Model("figure", moderator=rights(VIEW), admin=rights(VIEW)),
    "facts.event": Model("event", moderator=rights(VIEW), admin=rights(VIEW)),
    "facts.deployment": Model("deployment", moderator=rights(VIEW), admin=rights(VIEW)),
    "facts.factrevision": Model(
        "fact_revision", moderator=rights(VIEW), admin=rights(VIEW)
    ),
    "facts.provenance": Model("provenance", moderator=rights(VIEW), admin=rights(VIEW)),
    # Held edits are accepted or refused on the site's review pages: the
    # admin only shows them.
    "dossiers.pendingedit": Model(
        "pending_edit", moderator=rights(VIEW), admin=rights(VIEW)
    ),
    "facts.pendingfactedit": Model(
        "pending_fact_edit", moderator=rights(VIEW), admin=rights(VIEW)
    ),
    # tips/roles.py: the tip form's questions, kept by the moderators.
    "tips.tipquestion": Model("tip_question", moderator=EVERYTHING),
}


def admin_site(moderator, admin, *, others="login") -> dict:
    """`moderator` and `admin` outcomes; everyone else meets the admin's login."""
    table = dict.fromkeys(ROLES, others)
    table["moderator"] = moderator
    table["admin"] = admin
    return table


def page(read, write=None) -> dict:
    """An admin page: `read` is the table for GET (and PUT, DELETE), `write`
    for POST (the same as `read` when not given)."""
    entry = dict.fromkeys(READ_METHODS, read)
    entry["POST"] = write or read
    return entry


def read_only(read) -> dict:
    """A page that answers GET only (405 to the admin site's roles otherwise)."""
    refused = admin_site("refused", "refused")
    return {"GET": read, "POST": refused, "PUT": refused, "DELETE": refused}


def _when(granted: bool, outcome: str) -> str:
    return outcome if granted else "denied"


def _can_see(granted: frozenset) -> bool:
    return bool(granted & {VIEW, CHANGE})


def _model_routes(label: str, model: Model) -> dict:
    app_label, model_name = label.split(".")
    prefix = f"admin:{app_label}_{model_name}"
    mod, adm = model.moderator, model.admin

    history = _when(_can_see(mod), "ok")
    if model.hidden_from_moderator:
        history = "redirect"

    def object_id(world):
        return {"object_id": world.resolve(model.row).pk}

    return {
        f"{prefix}_changelist": page(
            admin_site(_when(_can_see(mod), "ok"), _when(_can_see(adm), "ok"))
        ),
        f"{prefix}_add": page(
            admin_site(_when(ADD in mod, "ok"), _when(ADD in adm, "ok")),
            admin_site(_when(ADD in mod, "allowed"), _when(ADD in adm, "allowed")),
        ),
        f"{prefix}_change": {
            "kwargs": object_id,
            **page(
                admin_site(_when(_can_see(mod), "ok"), _when(_can_see(adm), "ok")),
                admin_site(
                    _when(CHANGE in mod, "allowed"), _when(CHANGE in adm, "allowed")
                ),
            ),
        },
        f"{prefix}_history": {
            "kwargs": object_id,
            **page(admin_site(history, _when(_can_see(adm), "ok"))),
        },
        # An empty POST to delete/ shows the confirmation again: nothing goes.
        f"{prefix}_delete": {
            "kwargs": object_id,
            **page(admin_site(_when(DELETE in mod, "ok"), _when(DELETE in adm, "ok"))),
        },
        # The old object URL redirects to change/, which then decides.
        f"admin/{app_label}/{model_name}/<path:object_id>/": {
            "path": lambda world: (
                f"admin/{app_label}/{model_name}/{world.resolve(model.row).pk}/"
            ),
            **page(admin_site("redirect", "redirect")),
        },
    }


ROUTES = {
    "admin:index": page(admin_site("ok", "ok")),
    # The admin's login form; those who may enter are sent on to the index
    # (on GET only: Django's AdminSite.login shows the form to other methods).
    "admin:login": {
        "GET": admin_site("redirect", "redirect", others="ok"),
        "HEAD": admin_site("ok", "ok", others="ok"),
        "POST": admin_site("allowed", "allowed", others="allowed"),
        "PUT": admin_site("allowed", "allowed", others="allowed"),
        "DELETE": admin_site("refused", "refused", others="refused"),
    },
    # Logging out is a POST; others are sent to the index (then the login).
    "admin:logout": {
        "GET": admin_site("refused", "refused", others="redirect"),
        "POST": admin_site("ok", "ok", others="redirect"),
        "PUT": admin_site("refused", "refused", others="redirect"),
        "DELETE": admin_site("refused", "refused", others="redirect"),
    },
    # One's own password, the old one required.
    "admin:password_change": {
        "GET": admin_site("ok", "ok"),
        "POST": admin_site("allowed", "allowed"),
        "PUT": admin_site("allowed", "allowed"),
        "DELETE": admin_site("refused", "refused"),
    },
    "admin:password_change_done": read_only(admin_site("ok", "ok")),
    # No model declares autocomplete_fields: every lookup is refused.
    "admin:autocomplete": read_only(admin_site("denied", "denied")),
    "admin:jsi18n": read_only(admin_site("ok", "ok")),
    "admin:view_on_site": {
        "kwargs": lambda world: {
            "content_type_id": _content_type_id(world.thread),
            "object_id": world.thread.pk,
        },
        **page(admin_site("redirect", "redirect")),
    },
    "admin:app_list": {
        "kwargs": lambda world: {"app_label": "accounts"},
        **page(admin_site("ok", "ok")),
    },
    # Any other address under /admin/.
    "admin/(?P<url>.*)$": {
        "path": "admin/no-such-page/",
        **page(admin_site("hidden", "hidden")),
    },
    # A user's password: only who may change that account (superusers for a
    # superuser's); moderators never.
    "admin:auth_user_password_change": {
        "kwargs": lambda world: {"id": world.admin.pk},
        **page(admin_site("denied", "ok"), admin_site("denied", "allowed")),
    },
    # Moderation of contributors' accounts, with a reason (accounts.services).
    "admin:accounts_user_suspend": {
        "kwargs": lambda world: {"object_id": world.contributor.pk},
        **page(admin_site("ok", "ok"), admin_site("allowed", "allowed")),
    },
    "admin:accounts_user_reinstate": {
        "kwargs": lambda world: {"object_id": world.spammer.pk},
        **page(admin_site("ok", "ok"), admin_site("allowed", "allowed")),
    },
}
for _label, _model in MODELS.items():
    ROUTES.update(_model_routes(_label, _model))


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk
