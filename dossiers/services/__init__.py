"""State changes of dossiers: one function per change, each in one transaction.

Split by what they change; every name is importable from `dossiers.services`:

- `dossiers.services.dossiers`: a dossier's creation, its description, lock
  and watchers;
- `dossiers.services.sections`: a section's revisions (add, save, revert,
  move, remove, restore, lock, hide a revision);
- `dossiers.services.review`: the pending edits of accounts whose edits do
  not go live yet (accounts.trust), accepted or refused by a reviewer;
- `dossiers.services.drafts`: the edit in progress kept on the server and the
  conflict draft of an overlapping save, and where the editor starts from.

Saves are decided by the revision kernel (`carre.revisions`) under a row lock
against the editor's base revision: a save based on an older revision is
merged three-way when the edits do not overlap; otherwise a section keeps it
as a pending conflict draft, and a description refuses it (EditConflict). It
never overwrites.
"""

from dossiers.services.dossiers import (
    DESCRIPTION_FIELDS,
    DESCRIPTION_TEXT_FIELDS,
    RESERVED_SLUGS,
    create_dossier,
    description_snapshot,
    set_dossier_locked,
    unwatch_dossier,
    update_dossier,
    watch_dossier,
)
from dossiers.services.drafts import (
    EditorStart,
    autosave_draft,
    conflict_blocks,
    discard_draft,
    draft_conflict,
    pending_conflict,
    resolve_draft,
    start_edit,
    start_resolution,
)
from dossiers.services.review import (
    ReviewResult,
    accept_pending_edit,
    refuse_pending_edit,
)
from dossiers.services.sections import (
    PENDING_MESSAGE,
    REVISION_SUMMARY_MAX_LENGTH,
    SAVE_MESSAGES,
    SECTION_TEXT_FIELDS,
    SaveResult,
    add_section,
    move_section,
    normalize_text,
    remove_section,
    restore_section,
    revert_section,
    revision_of,
    save_section,
    save_section_edit,
    section_snapshot,
    set_revision_hidden,
    set_section_locked,
    validate_section_input,
)

__all__ = [
    "DESCRIPTION_FIELDS",
    "DESCRIPTION_TEXT_FIELDS",
    "PENDING_MESSAGE",
    "RESERVED_SLUGS",
    "REVISION_SUMMARY_MAX_LENGTH",
    "SAVE_MESSAGES",
    "SECTION_TEXT_FIELDS",
    "EditorStart",
    "ReviewResult",
    "SaveResult",
    "accept_pending_edit",
    "add_section",
    "autosave_draft",
    "conflict_blocks",
    "create_dossier",
    "description_snapshot",
    "discard_draft",
    "draft_conflict",
    "move_section",
    "normalize_text",
    "pending_conflict",
    "refuse_pending_edit",
    "remove_section",
    "resolve_draft",
    "restore_section",
    "revert_section",
    "revision_of",
    "save_section",
    "save_section_edit",
    "section_snapshot",
    "set_dossier_locked",
    "set_revision_hidden",
    "set_section_locked",
    "start_edit",
    "start_resolution",
    "unwatch_dossier",
    "update_dossier",
    "validate_section_input",
    "watch_dossier",
]
