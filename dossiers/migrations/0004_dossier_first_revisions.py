"""Give every existing dossier its description's revision 1.

Dossiers created before DossierRevision existed had no history: their
current description becomes revision 1 (by its last editor, or its author,
at its last change), and `version` points to it.
"""

from django.db import migrations

DESCRIPTION_FIELDS = (
    "title",
    "kind",
    "place",
    "latitude",
    "longitude",
    "summary",
    "status",
)


def create_first_revisions(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierRevision = apps.get_model("dossiers", "DossierRevision")
    without_history = Dossier.objects.filter(version=0).order_by("pk")
    for dossier in without_history.iterator(chunk_size=500):
        DossierRevision.objects.create(
            dossier=dossier,
            number=1,
            editor_id=dossier.last_editor_id or dossier.created_by_id,
            created_at=dossier.updated_at,
            **{name: getattr(dossier, name) for name in DESCRIPTION_FIELDS},
        )
    without_history.update(version=1)


def drop_revisions(apps, schema_editor):
    apps.get_model("dossiers", "DossierRevision").objects.all().delete()
    apps.get_model("dossiers", "Dossier").objects.update(version=0)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_dossier_revisions"),
    ]

    operations = [
        migrations.RunPython(create_first_revisions, drop_revisions),
    ]
