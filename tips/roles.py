"""What the moderator group may manage in the admin (see accounts.roles):
the tip form's questions."""

MODERATOR_PERMISSIONS = {
    "tips.view_tipquestion",
    "tips.add_tipquestion",
    "tips.change_tipquestion",
    "tips.delete_tipquestion",
}
