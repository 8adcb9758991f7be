"""A person's saved dossier edits, counted for their trust level
(accounts.trust; registered by DossiersConfig.ready)."""

from accounts.trust import Activity
from dossiers.models import DossierRevision, SectionRevision

# Revisions that are someone's writing (a move or a removal is not).
WRITING = (
    SectionRevision.Action.CREATE,
    SectionRevision.Action.EDIT,
    SectionRevision.Action.MERGE,
)


def count_activity(user) -> Activity:
    sections = SectionRevision.objects.filter(editor=user, action__in=WRITING)
    return Activity(
        contributions=sections.count()
        + DossierRevision.objects.filter(editor=user).count()
    )
