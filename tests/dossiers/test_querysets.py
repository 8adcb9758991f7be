"""Reads of dossiers that start from the viewer (dossiers/querysets.py)."""

from django.contrib.auth.models import AnonymousUser

from dossiers import services
from dossiers.models import Dossier
from tests.dossiers.conftest import make_dossier


def test_editable_by_leaves_out_locked_dossiers_but_for_moderators(
    contributor, moderator, suspended
):
    open_dossier = make_dossier(contributor, title="Reims")
    draft = make_dossier(contributor, title="Brouillon", status="draft")
    locked = make_dossier(contributor, title="Nice")
    services.set_dossier_locked(locked, moderator=moderator, locked=True)

    def titles(user):
        return set(Dossier.objects.editable_by(user).values_list("title", flat=True))

    assert titles(contributor) == {open_dossier.title, draft.title}
    assert titles(moderator) == {open_dossier.title, draft.title, locked.title}
    assert titles(AnonymousUser()) == set()
    assert titles(suspended) == set()
