"""Moderators correct and delete sources in the admin (nothing cited is deleted)."""

MODERATOR_PERMISSIONS = {
    "sources.view_source",
    "sources.change_source",
    "sources.delete_source",
    "sources.view_citation",
}
