"""Dossiers: pages, sections, revisions, drafts (dossiers/urls.py)."""


def build(world):
    from dossiers import services
    from dossiers.models import Dossier

    world.dossier = services.create_dossier(
        author=world.author,
        title="Reims",
        kind="city",
        place="Reims",
        summary="La surveillance à Reims.",
        status=Dossier.Status.PUBLISHED,
    )
    world.section = services.add_section(
        world.dossier,
        editor=world.author,
        title="Programme 2020",
        text="Le maire promettait plus de caméras.",
    )
    world.revision = world.section.revisions.get()
    world.draft = services.autosave_draft(
        world.section,
        user=world.author,
        title="Programme 2020",
        text="Le maire promettait davantage de caméras.",
        base_revision=world.revision,
    )
    # Another contributor saves first; the author's stale save is a conflict.
    services.save_section(
        world.section,
        editor=world.contributor,
        title="Programme 2020",
        text="Le maire promettait 50 caméras de plus.",
        base_revision=world.revision,
    )
    result = services.save_section(
        world.section,
        editor=world.author,
        title="Programme 2020",
        text="Le maire promettait 80 caméras de plus.",
        base_revision=world.revision,
    )
    world.conflict = result.draft


DOSSIER = {"slug": "dossier.slug"}
SECTION = {"slug": "dossier.slug", "pk": "section.pk"}
REVISION = {**SECTION, "number": "revision.number"}

ROUTES = {
    "dossier-list": {},
    "dossier-create": {},
    "dossier-detail": {"kwargs": DOSSIER},
    "dossier-edit": {"kwargs": DOSSIER},
    "dossier-history": {"kwargs": DOSSIER},
    "dossier-watch": {"kwargs": DOSSIER},
    "dossier-lock": {"kwargs": DOSSIER},
    "section-add": {"kwargs": DOSSIER},
    "section-detail": {"kwargs": SECTION},
    "section-edit": {"kwargs": SECTION},
    "section-preview": {"kwargs": SECTION},
    "section-autosave": {"kwargs": SECTION},
    "section-draft-discard": {"kwargs": {**SECTION, "draft": "draft.pk"}},
    "section-conflict": {"kwargs": {**SECTION, "draft": "conflict.pk"}},
    "section-move": {"kwargs": SECTION},
    "section-remove": {"kwargs": SECTION},
    "section-restore": {"kwargs": SECTION},
    "section-lock": {"kwargs": SECTION},
    "section-history": {"kwargs": SECTION},
    "section-diff": {"kwargs": SECTION},
    "revision-detail": {"kwargs": REVISION},
    "revision-revert": {"kwargs": REVISION},
    "revision-hide": {"kwargs": REVISION},
}
