"""Facts: figures, events, actors, deployments, the map (facts/urls.py)."""

from django.test import override_settings

from tests.security.access import everyone, moderators, signed_in


def build(world):
    from facts import services

    world.figure = services.add_figure(
        dossier=world.dossier,
        by=world.author,
        subject="Caméras de vidéoprotection",
        value=245,
        unit="caméras",
    )
    # A new account's figure edit kept for review (facts/review.py).
    with override_settings(CARRE_TRUST_PUBLISH_LEVEL=1):
        world.pending_fact = services.edit_fact(
            world.figure,
            by=world.new_contributor,
            values={"value": 250},
            base_version=world.figure.version,
        )
    # A CSV import waiting for its preview, uploaded by the moderator: only
    # its uploader reaches it (the admin, another moderator, meets a 404).
    from facts import imports

    world.deployment_import = imports.upload_import(
        by=world.moderator,
        file_name="deployments.csv",
        data=b"City;Technology;Status\nReims;drones;deployed\n",
    )


READ = {"GET": everyone("ok"), "POST": everyone("refused")}


def figure(world):
    return {"kind": "figure", "pk": world.figure.pk}


def deployment_import(world):
    return {"token": world.deployment_import.token}


def uploader(outcome) -> dict:
    return {**moderators(outcome), "admin": "hidden"}


def pending_fact(outcome):
    """A pending fact edit: its writer (the new contributor) and the
    reviewers (moderators; trusted contributors, none in this world)."""
    table = moderators(outcome, anonymous="login")
    table["new_contributor"] = outcome
    return table


PENDING_FACT = {"pk": "pending_fact.pk"}
REVIEW = moderators("allowed", anonymous="denied")

ROUTES = {
    # Pending fact edits: the queue for everyone signed in (reviewers see
    # the edits, others their own); nobody reviews their own edit.
    "fact-review-list": {"GET": signed_in("ok"), "POST": everyone("refused")},
    "fact-review-detail": {
        "kwargs": PENDING_FACT,
        "GET": pending_fact("ok"),
        "POST": everyone("refused"),
    },
    "fact-review-accept": {
        "kwargs": PENDING_FACT,
        "GET": everyone("refused"),
        "POST": REVIEW,
    },
    "fact-review-refuse": {
        "kwargs": PENDING_FACT,
        "GET": everyone("refused"),
        "POST": REVIEW,
    },
    "map": READ,
    "timeline": READ,
    "technology-list": READ,
    # The panel's own URL sends a browser to the dossier page.
    "facts-panel": {
        "kwargs": {"slug": "dossier.slug"},
        "GET": everyone("redirect"),
        "POST": everyone("refused"),
    },
    "fact-add": {
        "kwargs": lambda world: {"slug": world.dossier.slug, "kind": "figure"},
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    "fact-edit": {
        "kwargs": figure,
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    "fact-history": {"kwargs": figure, **READ},
    "fact-revert": {
        "kwargs": lambda world: {**figure(world), "number": 1},
        "GET": signed_in("refused"),
        "POST": signed_in("allowed"),
    },
    "fact-remove": {
        "kwargs": figure,
        "GET": signed_in("refused"),
        "POST": signed_in("allowed"),
    },
    "fact-restore": {
        "kwargs": figure,
        "GET": signed_in("refused"),
        "POST": moderators("allowed"),
    },
    "fact-lock": {
        "kwargs": figure,
        "GET": signed_in("refused"),
        "POST": moderators("allowed"),
    },
    "dossier-provenance": {"kwargs": {"slug": "dossier.slug"}, **READ},
    # The CSV import of deployments (an empty POST is refused as invalid).
    "deployment-import": {"GET": moderators("ok"), "POST": moderators("allowed")},
    "deployment-import-mapping": {
        "kwargs": deployment_import,
        "GET": uploader("ok"),
        "POST": uploader("allowed"),
    },
    "deployment-import-preview": {
        "kwargs": deployment_import,
        "GET": uploader("ok"),
        "POST": uploader("allowed"),
    },
    # Not confirmed yet: the status page sends its uploader to the preview.
    "deployment-import-status": {
        "kwargs": deployment_import,
        "GET": uploader("redirect"),
        "POST": signed_in("refused"),
    },
}
