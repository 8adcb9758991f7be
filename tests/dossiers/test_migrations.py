"""Data migrations of dossiers."""

from importlib import import_module

from django.apps import apps

from dossiers.models import Dossier

first_revisions = import_module("dossiers.migrations.0004_dossier_first_revisions")


def test_existing_dossiers_get_their_description_as_revision_1(contributor):
    # A dossier from before DossierRevision: no history, version 0.
    old = Dossier.objects.create(
        title="Reims",
        slug="reims",
        kind="city",
        summary="Vidéoprotection.",
        status="published",
        created_by=contributor,
    )
    first_revisions.create_first_revisions(apps, None)

    old.refresh_from_db()
    assert old.version == 1
    revision = old.revisions.get()
    assert (revision.number, revision.title, revision.summary, revision.status) == (
        1,
        "Reims",
        "Vidéoprotection.",
        "published",
    )
    assert revision.editor == contributor
    # Run again (or on dossiers created since): nothing is added twice.
    first_revisions.create_first_revisions(apps, None)
    assert old.revisions.count() == 1
