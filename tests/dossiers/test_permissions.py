"""Every rule of dossiers/permissions.py, for every role and kind of dossier.

Dossiers are a wiki: every active signed-in account edits, whoever wrote the
dossier; moderators (and admins) also edit locked dossiers and sections and
see hidden revisions; a suspended account is treated like an anonymous one.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from dossiers import permissions, services
from dossiers.models import Dossier
from tests.dossiers.conftest import make_dossier

ROLES = ["anonymous", "author", "other", "moderator", "admin", "suspended"]
YES, NO = True, False

# function, subject (a key of the world, or None), expected per role
MATRIX = [
    ("is_contributor", None, [NO, YES, YES, YES, YES, NO]),
    ("can_view_dossier", "dossier", [YES, YES, YES, YES, YES, YES]),
    ("can_view_dossier", "draft", [NO, YES, YES, YES, YES, NO]),
    ("can_view_dossier", "locked_dossier", [YES, YES, YES, YES, YES, YES]),
    ("can_create_dossier", None, [NO, YES, YES, YES, YES, NO]),
    ("can_edit_dossier", "dossier", [NO, YES, YES, YES, YES, NO]),
    ("can_edit_dossier", "draft", [NO, YES, YES, YES, YES, NO]),
    ("can_edit_dossier", "locked_dossier", [NO, NO, NO, YES, YES, NO]),
    ("can_edit_section", "section", [NO, YES, YES, YES, YES, NO]),
    ("can_edit_section", "locked_section", [NO, NO, NO, YES, YES, NO]),
    ("can_edit_section", "section_of_locked_dossier", [NO, NO, NO, YES, YES, NO]),
    # A removed section is restored first, even by a moderator.
    ("can_edit_section", "removed_section", [NO, NO, NO, NO, NO, NO]),
    ("can_moderate", None, [NO, NO, NO, YES, YES, NO]),
    ("can_view_revision", "revision", [YES, YES, YES, YES, YES, YES]),
    ("can_view_revision", "hidden_revision", [NO, NO, NO, YES, YES, NO]),
    ("can_watch_dossier", "dossier", [NO, YES, YES, YES, YES, NO]),
    ("can_watch_dossier", "draft", [NO, YES, YES, YES, YES, NO]),
    ("can_watch_dossier", "locked_dossier", [NO, YES, YES, YES, YES, NO]),
]

# check_* raises exactly when its can_* answers no.
CHECKS = {
    "can_create_dossier": "check_can_create_dossier",
    "can_edit_dossier": "check_can_edit_dossier",
    "can_edit_section": "check_can_edit_section",
    "can_moderate": "check_can_moderate",
    "can_view_revision": "check_can_view_revision",
    "can_watch_dossier": "check_can_watch_dossier",
}


@pytest.fixture
def world(contributor, other_contributor, moderator, admin_user, suspended):
    dossier = make_dossier(
        contributor,
        sections=[("Programme 2020", "Premier paragraphe."), ("Coût", "60 000 €.")],
    )
    section, removed = dossier.sections.order_by("position")
    services.remove_section(removed, editor=contributor)
    locked_section = services.add_section(
        dossier, editor=contributor, title="Verrouillée", text="Texte."
    )
    services.set_section_locked(locked_section, moderator=moderator, locked=True)
    old = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Premier paragraphe vandalisé.",
        base_revision=old,
    )
    hidden = services.set_revision_hidden(old, moderator=moderator, hidden=True)
    locked_dossier = make_dossier(
        contributor, title="Verrouillé", sections=[("Seule", "Texte.")]
    )
    services.set_dossier_locked(locked_dossier, moderator=moderator, locked=True)
    fresh = Dossier.objects.get(pk=locked_dossier.pk)
    return {
        "dossier": dossier,
        "draft": make_dossier(
            contributor, title="Brouillon", status=Dossier.Status.DRAFT
        ),
        "locked_dossier": fresh,
        "section": dossier.sections.get(pk=section.pk),
        "removed_section": dossier.sections.get(pk=removed.pk),
        "locked_section": dossier.sections.get(pk=locked_section.pk),
        "section_of_locked_dossier": fresh.sections.select_related("dossier").get(),
        "revision": section.revisions.get(number=2),
        "hidden_revision": hidden,
        "users": {
            "anonymous": AnonymousUser(),
            "author": contributor,
            "other": other_contributor,
            "moderator": moderator,
            "admin": admin_user,
            "suspended": suspended,
        },
    }


CASES = [
    pytest.param(name, subject, role, expected[i], id=f"{name}-{subject}-{role}")
    for name, subject, expected in MATRIX
    for i, role in enumerate(ROLES)
]


def _args(world, role, subject):
    user = world["users"][role]
    return [user] if subject is None else [user, world[subject]]


@pytest.mark.parametrize(("name", "subject", "role", "expected"), CASES)
def test_permission(world, name, subject, role, expected):
    assert getattr(permissions, name)(*_args(world, role, subject)) is expected


@pytest.mark.parametrize(
    ("name", "subject", "role", "expected"),
    [case for case in CASES if case.values[0] in CHECKS],
)
def test_check_raises_exactly_when_refused(world, name, subject, role, expected):
    check = getattr(permissions, CHECKS[name])
    if expected:
        check(*_args(world, role, subject))
    else:
        with pytest.raises(PermissionDenied):
            check(*_args(world, role, subject))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", NO), ("author", NO), ("moderator", YES), ("admin", YES)],
)
def test_check_can_restore_section_is_for_moderators(world, role, allowed):
    args = [world["users"][role], world["removed_section"]]
    if allowed:
        permissions.check_can_restore_section(*args)
    else:
        with pytest.raises(PermissionDenied):
            permissions.check_can_restore_section(*args)


def _refusal(check, *args) -> str:
    with pytest.raises(PermissionDenied) as refused:
        check(*args)
    return str(refused.value)


REFUSALS = [
    ("check_can_create_dossier", "anonymous", None, "Connectez-vous pour créer"),
    ("check_can_edit_dossier", "anonymous", "dossier", "Connectez-vous pour modifier"),
    ("check_can_watch_dossier", "anonymous", "draft", "Connectez-vous pour suivre"),
    ("check_can_edit_dossier", "author", "locked_dossier", "Ce dossier est verrouillé"),
    ("check_can_edit_section", "author", "locked_section", "Cette section est verr"),
    ("check_can_edit_section", "author", "removed_section", "Cette section a été ret"),
    ("check_can_view_revision", "author", "hidden_revision", "Cette version a été mas"),
    ("check_can_moderate", "author", None, "Seuls les modérateurs"),
    # Signing in comes first: a visitor is not told about the lock.
    (
        "check_can_edit_section",
        "anonymous",
        "section_of_locked_dossier",
        "Connectez-vous pour modifier",
    ),
]


@pytest.mark.parametrize(("check", "role", "subject", "message"), REFUSALS)
def test_refusal_tells_the_user_why(world, check, role, subject, message):
    refusal = _refusal(getattr(permissions, check), *_args(world, role, subject))
    assert refusal.startswith(message)


def test_checks_ask_the_database_once_per_user(
    world, moderator, django_assert_num_queries
):
    # The moderator test is cached on the user: a page asks many times.
    moderator = type(moderator).objects.get(pk=moderator.pk)
    with django_assert_num_queries(1):
        for section in (world["section"], world["locked_section"]):
            permissions.can_edit_section(moderator, section)
        permissions.can_view_revision(moderator, world["hidden_revision"])
        permissions.can_moderate(moderator)
