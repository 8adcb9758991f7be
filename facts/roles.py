"""What moderators may manage of facts in the admin (lock, remove, restore)."""

MODERATOR_PERMISSIONS = {
    "facts.view_actor",
    "facts.change_actor",
    "facts.view_figure",
    "facts.change_figure",
    "facts.view_event",
    "facts.change_event",
    "facts.view_deployment",
    "facts.change_deployment",
    "facts.view_factrevision",
    "facts.view_provenance",
    "facts.view_pendingfactedit",
}
