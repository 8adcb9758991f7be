"""The revision kernel's conflict rules, through the real services, for every
kind of content that has revisions: a forum post, a dossier section, a fact
and a dossier's description.

Each test plays the same story: I open the editor on the base revision;
someone else (a moderator) may save first; then I save.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carre.revisions import Conflict, EditConflict
from dossiers import services as dossier_services
from dossiers.models import Dossier
from facts import services as fact_services
from forum import services as forum_services
from forum.models import Category

BASE = "Intro.\n\nMilieu.\n\nFin."
THEIRS = "Intro.\n\nMilieu.\n\nFin revue par eux."
MINE_DISJOINT = "Intro revue par moi.\n\nMilieu.\n\nFin."
MERGED = "Intro revue par moi.\n\nMilieu.\n\nFin revue par eux."
MINE_OVERLAPPING = "Intro.\n\nMilieu.\n\nFin revue par moi."


@dataclass(frozen=True)
class Content:
    """One kind of content, seen the way its editor sees it."""

    name: str
    create: Callable[[Any], Any]  # author -> the object, its text being BASE
    base: Callable[[Any], Any]  # object -> what the editor's form carries
    # (object, editor, text, base) -> None when saved, the Conflict otherwise.
    save: Callable[[Any, Any, str, Any], Conflict | None]
    text: Callable[[Any], str]  # object -> its current text, from the database
    revisions: Callable[[Any], int]  # object -> how many revisions it has
    delete: Callable[[Any, Any], None]  # (object, moderator): gone meanwhile
    deleted_word: str  # what the refusal says, in French


def _refused(save) -> Conflict | None:
    try:
        save()
    except EditConflict as error:
        return error.conflict
    return None


# --- forum posts ---------------------------------------------------------------


def _create_post(author):
    category = Category.objects.create(name="Villes", slug="villes")
    thread = forum_services.create_thread(
        category=category, author=author, title="Reims", body=BASE
    )
    return thread.posts.get()


def _save_post(post, editor, text, base):
    return _refused(
        lambda: forum_services.edit_post(
            post, editor=editor, body=text, base_revision=base
        )
    )


POST = Content(
    name="post",
    create=_create_post,
    base=lambda post: type(post).objects.get(pk=post.pk).revision_count,
    save=_save_post,
    text=lambda post: type(post).objects.get(pk=post.pk).body,
    revisions=lambda post: post.revisions.count(),
    delete=lambda post, moderator: forum_services.delete_post(post, by=moderator),
    deleted_word="supprimé",
)


# --- dossier sections ------------------------------------------------------------


def _create_section(author):
    dossier = dossier_services.create_dossier(author=author, title="Reims", kind="city")
    return dossier_services.add_section(
        dossier, editor=author, title="Chiffres", text=BASE
    )


def _fresh_section(section):
    return (
        type(section)
        .objects.select_related("dossier", "current_revision")
        .get(pk=section.pk)
    )


def _save_section(section, editor, text, base):
    result = dossier_services.save_section(
        _fresh_section(section),
        editor=editor,
        title="Chiffres",
        text=text,
        base_revision=base,
    )
    return result.conflict


SECTION = Content(
    name="section",
    create=_create_section,
    base=lambda section: _fresh_section(section).current_revision,
    save=_save_section,
    text=lambda section: _fresh_section(section).text,
    revisions=lambda section: section.revisions.count(),
    delete=lambda section, moderator: dossier_services.remove_section(
        _fresh_section(section), editor=moderator
    ),
    deleted_word="retirée",
)


# --- facts -----------------------------------------------------------------------


def _create_fact(author):
    dossier = dossier_services.create_dossier(author=author, title="Reims", kind="city")
    return fact_services.add_actor(
        dossier=dossier, by=author, name="Thales", description=BASE
    )


def _save_fact(actor, editor, text, base):
    return _refused(
        lambda: fact_services.edit_fact(
            actor, by=editor, values={"description": text}, base_version=base
        )
    )


FACT = Content(
    name="fact",
    create=_create_fact,
    base=lambda actor: type(actor).objects.get(pk=actor.pk).version,
    save=_save_fact,
    text=lambda actor: type(actor).objects.get(pk=actor.pk).description,
    revisions=lambda actor: fact_services.fact_revisions(actor).count(),
    delete=lambda actor, moderator: fact_services.remove_fact(actor, by=moderator),
    deleted_word="retiré",
)


# --- dossier descriptions ----------------------------------------------------------


def _create_dossier(author):
    return dossier_services.create_dossier(
        author=author, title="Reims", kind="city", place="Reims", summary=BASE
    )


def _save_description(dossier, editor, text, base):
    return _refused(
        lambda: dossier_services.update_dossier(
            dossier,
            editor=editor,
            title="Reims",
            kind="city",
            place="Reims",
            summary=text,
            status="draft",
            base_version=base,
        )
    )


def _delete_dossier(dossier, moderator):
    # Dossiers are deleted in the Django admin only.
    Dossier.objects.filter(pk=dossier.pk).delete()


DESCRIPTION = Content(
    name="description",
    create=_create_dossier,
    base=lambda dossier: Dossier.objects.get(pk=dossier.pk).version,
    save=_save_description,
    text=lambda dossier: Dossier.objects.get(pk=dossier.pk).summary,
    revisions=lambda dossier: dossier.revisions.count(),
    delete=_delete_dossier,
    deleted_word="supprimé",
)


CONTENTS = [POST, SECTION, FACT, DESCRIPTION]


@pytest.fixture(params=CONTENTS, ids=[content.name for content in CONTENTS])
def content(request):
    return request.param


@pytest.fixture
def edited(content, contributor):
    """The object, and the base revision its editor (contributor) opened."""
    obj = content.create(contributor)
    return obj, content.base(obj)


def test_same_text_is_unchanged(content, edited, contributor):
    obj, base = edited
    assert content.save(obj, contributor, BASE, base) is None
    assert content.text(obj) == BASE
    assert content.revisions(obj) == 1


def test_same_text_as_the_version_saved_meanwhile_is_unchanged(
    content, edited, contributor, moderator
):
    obj, base = edited
    assert content.save(obj, moderator, THEIRS, base) is None
    assert content.save(obj, contributor, THEIRS, base) is None
    assert content.text(obj) == THEIRS
    assert content.revisions(obj) == 2


def test_base_is_current_saves(content, edited, contributor):
    obj, base = edited
    assert content.save(obj, contributor, MINE_OVERLAPPING, base) is None
    assert content.text(obj) == MINE_OVERLAPPING
    assert content.revisions(obj) == 2


def test_disjoint_edits_merge(content, edited, contributor, moderator):
    obj, base = edited
    assert content.save(obj, moderator, THEIRS, base) is None
    assert content.save(obj, contributor, MINE_DISJOINT, base) is None
    # Both edits are in; each saved one revision, nothing was overwritten.
    assert content.text(obj) == MERGED
    assert content.revisions(obj) == 3


def test_overlapping_edits_conflict(content, edited, contributor, moderator):
    obj, base = edited
    assert content.save(obj, moderator, THEIRS, base) is None
    conflict = content.save(obj, contributor, MINE_OVERLAPPING, base)

    assert conflict is not None
    (field,) = conflict.fields
    assert conflict.theirs[field] == THEIRS
    assert conflict.mine[field] == MINE_OVERLAPPING
    assert conflict.merged[field].splitlines()[4:9] == [
        "<<<<<<< votre version",
        "Fin revue par moi.",
        "=======",
        "Fin revue par eux.",
        f">>>>>>> version {conflict.current_number}",
    ]
    # Their text stands (revision 2); mine was not written over it.
    assert conflict.current_number == content.revisions(obj) == 2
    assert content.text(obj) == THEIRS


def test_saving_again_from_the_conflicts_version_goes_through(
    content, edited, contributor, moderator
):
    obj, base = edited
    content.save(obj, moderator, THEIRS, base)
    conflict = content.save(obj, contributor, MINE_OVERLAPPING, base)
    assert content.save(obj, contributor, MINE_OVERLAPPING, content.base(obj)) is None
    assert content.text(obj) == MINE_OVERLAPPING
    assert content.revisions(obj) == conflict.current_number + 1


def test_deleted_base_is_refused_with_a_clear_message(
    content, edited, contributor, moderator
):
    obj, base = edited
    content.delete(obj, moderator)
    with pytest.raises((ValidationError, PermissionDenied)) as refused:
        content.save(obj, contributor, MINE_DISJOINT, base)
    message = " ".join(getattr(refused.value, "messages", None) or refused.value.args)
    assert content.deleted_word in message
