"""What the moderator group may manage in the admin (see accounts.roles)."""

MODERATOR_PERMISSIONS = {
    "forum.view_category",
    "forum.view_thread",
    "forum.change_thread",
    "forum.view_post",
    "forum.change_post",
    "forum.view_postrevision",
    "forum.view_flag",
    "forum.change_flag",
    "forum.view_moderationlog",
}
