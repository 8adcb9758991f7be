"""What moderators may manage of dossiers in the admin."""

MODERATOR_PERMISSIONS = {
    "dossiers.view_dossier",
    "dossiers.change_dossier",
    "dossiers.view_section",
    "dossiers.change_section",
    "dossiers.view_sectionrevision",
    "dossiers.change_sectionrevision",
    "dossiers.view_pendingedit",
}
