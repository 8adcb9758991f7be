"""Dossiers: pages, sections, revisions, drafts (dossiers/urls.py)."""

from django.test import override_settings

from tests.security.access import everyone, moderators, signed_in


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
    world.draft_dossier = services.create_dossier(
        author=world.author, title="Brouillon", kind="topic"
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
    # A new account's edit kept for review (trust levels, accounts/trust.py).
    with override_settings(CARRE_TRUST_PUBLISH_LEVEL=1):
        world.pending = services.save_section(
            world.section,
            editor=world.new_contributor,
            title="Programme 2020",
            text="Le maire promettait 60 caméras de plus.",
            base_revision=world.section.current_revision,
        ).pending


DOSSIER = {"slug": "dossier.slug"}
SECTION = {"slug": "dossier.slug", "pk": "section.pk"}
REVISION = {**SECTION, "number": "revision.number"}
READ = {"GET": everyone("ok"), "POST": everyone("refused")}
# Writes answer 403 (not a login redirect) to visitors: most are htmx posts.
WRITE = signed_in("allowed", otherwise="denied")
MODERATE = moderators("allowed", anonymous="denied")
POST_ONLY = everyone("refused")


def pending_edit(outcome, *, author="ok"):
    """A pending edit: its writer (the new contributor) and the reviewers
    (moderators; trusted contributors, none in this world)."""
    table = moderators(outcome, anonymous="login")
    table["new_contributor"] = author
    return table


REVIEW = {**moderators("allowed", anonymous="denied")}


def own_draft(outcome):
    """A draft is its writer's (the author's): 404 for everyone else."""
    table = signed_in("hidden")
    table["author"] = outcome
    return table


ROUTES = {
    "dossier-list": READ,
    "dossier-create": {"GET": signed_in("ok"), "POST": WRITE},
    "dossier-detail": {"kwargs": DOSSIER, **READ},
    # Any contributor edits a dossier (a wiki), unless a moderator locked it.
    "dossier-edit": {"kwargs": DOSSIER, "GET": signed_in("ok"), "POST": WRITE},
    "dossier-history": {"kwargs": DOSSIER, **READ},
    "dossier-watch": {"kwargs": DOSSIER, "GET": POST_ONLY, "POST": WRITE},
    "dossier-lock": {"kwargs": DOSSIER, "GET": POST_ONLY, "POST": MODERATE},
    "section-add": {"kwargs": DOSSIER, "GET": signed_in("ok"), "POST": WRITE},
    # A section's permalink is an anchor of the dossier page.
    "section-detail": {
        "kwargs": SECTION,
        "GET": everyone("redirect"),
        "POST": everyone("refused"),
    },
    "section-edit": {"kwargs": SECTION, "GET": signed_in("ok"), "POST": WRITE},
    "section-preview": {"kwargs": SECTION, "GET": POST_ONLY, "POST": WRITE},
    "section-autosave": {"kwargs": SECTION, "GET": POST_ONLY, "POST": WRITE},
    "section-draft-discard": {
        "kwargs": {**SECTION, "draft": "conflict.pk"},
        "GET": POST_ONLY,
        "POST": {**own_draft("allowed"), "anonymous": "denied", "suspended": "denied"},
    },
    "section-conflict": {
        "kwargs": {**SECTION, "draft": "conflict.pk"},
        "GET": own_draft("ok"),
        "POST": everyone("refused"),
    },
    "section-move": {"kwargs": SECTION, "GET": POST_ONLY, "POST": WRITE},
    "section-remove": {"kwargs": SECTION, "GET": signed_in("ok"), "POST": WRITE},
    "section-restore": {"kwargs": SECTION, "GET": POST_ONLY, "POST": MODERATE},
    "section-lock": {"kwargs": SECTION, "GET": POST_ONLY, "POST": MODERATE},
    "section-history": {"kwargs": SECTION, **READ},
    "section-diff": {"kwargs": SECTION, **READ},
    "revision-detail": {"kwargs": REVISION, **READ},
    # GET: the confirmation page, which shows what the revert changes.
    "revision-revert": {"kwargs": REVISION, "GET": signed_in("ok"), "POST": WRITE},
    "revision-hide": {"kwargs": REVISION, "GET": POST_ONLY, "POST": MODERATE},
    # The review queue: everyone signed in sees it (reviewers the pending
    # edits, others their own); an edit is its author's and the reviewers'.
    "pending-edit-list": {"GET": signed_in("ok"), "POST": POST_ONLY},
    "pending-edit-detail": {
        "kwargs": {"pk": "pending.pk"},
        "GET": pending_edit("ok"),
        "POST": POST_ONLY,
    },
    # Nobody reviews their own edit.
    "pending-edit-accept": {
        "kwargs": {"pk": "pending.pk"},
        "GET": POST_ONLY,
        "POST": REVIEW,
    },
    "pending-edit-refuse": {
        "kwargs": {"pk": "pending.pk"},
        "GET": POST_ONLY,
        "POST": REVIEW,
    },
}
