"""A section's drafts: the edit in progress kept on the server (autosave),
and the conflict draft that keeps an editor's text when a save overlapped
another one; where the section editor starts from.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carre.merge import CHOICES, KEEP_MINE, Block, resolve_blocks, text_blocks
from carre.revisions import Conflict, three_way
from dossiers.models import Section, SectionDraft, SectionRevision
from dossiers.permissions import check_can_edit_section
from dossiers.services.sections import (
    SECTION_TEXT_FIELDS,
    discard_autosave,
    normalize_text,
    section_snapshot,
    validate_section_input,
)


@dataclass(frozen=True)
class EditorStart:
    """What the section editor opens with: the `values` of its form, the
    `draft` they come from (None: the current revision) and, for a conflict
    draft, the `conflict` with the current revision."""

    values: dict
    draft: SectionDraft | None = None
    conflict: Conflict | None = None


def start_edit(section: Section, *, user) -> EditorStart:
    """The editor of `section` as `user` left it: their autosaved draft, with
    the revision it started from, or else the current revision."""
    current = section.current_revision
    draft = (
        SectionDraft.objects.filter(
            section=section, user=user, kind=SectionDraft.Kind.AUTOSAVE
        )
        .select_related("base_revision")
        .first()
    )
    if draft is None:
        return EditorStart(
            {
                "title": current.title,
                "text": current.text,
                "summary": "",
                "base_revision": current.pk,
            }
        )
    return EditorStart(
        {
            "title": draft.title,
            "text": draft.text,
            "summary": draft.summary,
            "base_revision": (draft.base_revision or current).pk,
        },
        draft,
    )


def start_resolution(
    draft: SectionDraft, *, section: Section, choices=None, text: str | None = None
) -> EditorStart:
    """The editor of a pending conflict draft, to be saved over the current
    revision (the save then deletes the draft): the merged text with each
    conflicting block settled by `choices` (default: the editor's own
    version), or `text` as the editor left it."""
    conflict = draft_conflict(draft, section=section)
    blocks = conflict_blocks(draft, theirs=section.current_revision)
    choices = settled_choices(blocks, choices)
    if text is None:
        text = resolve_blocks(blocks, choices)
    return EditorStart(
        {
            "title": draft.title,
            "text": text,
            "summary": draft.summary,
            "base_revision": section.current_revision.pk,
            "conflict_draft": draft.pk,
            "draft_choices": ",".join(choices),
        },
        draft,
        conflict,
    )


def conflict_blocks(draft: SectionDraft, *, theirs: SectionRevision) -> list[Block]:
    """The text of a conflict draft merged with `theirs`, as blocks: what
    both agree on, and each passage both changed, with both versions."""
    base = draft.base_revision.text if draft.base_revision else ""
    return text_blocks(base, draft.text, theirs.text)


def settled_choices(blocks: list[Block], choices=None) -> list[str]:
    """One valid choice per conflicting block; the editor's own by default."""
    given = list(choices or [])
    count = sum(1 for block in blocks if block.conflict)
    given += [KEEP_MINE] * (count - len(given))
    return [choice if choice in CHOICES else KEEP_MINE for choice in given[:count]]


def resolve_draft(
    draft: SectionDraft, *, theirs: SectionRevision, text: str, shown, choices
) -> str:
    """The text to save or show after the conflict form was sent.

    `text` is the merged draft as the form sent it, composed from the
    `shown` choices. When the editor did not retouch it, the blocks are
    settled again by `choices` (radio buttons work without JavaScript);
    a text edited by hand is kept as it is.
    """
    blocks = conflict_blocks(draft, theirs=theirs)
    shown = settled_choices(blocks, shown)
    if normalize_text(text) != normalize_text(resolve_blocks(blocks, shown)):
        return text
    return resolve_blocks(blocks, settled_choices(blocks, choices))


def draft_conflict(draft: SectionDraft, *, section: Section) -> Conflict:
    """A pending conflict draft against the section as it reads now: both
    versions and the merged text, its overlapping passages marked."""
    return three_way(
        base=section_snapshot(draft.base_revision),
        current=section_snapshot(section.current_revision),
        mine={"title": draft.title, "text": draft.text},
        text_fields=SECTION_TEXT_FIELDS,
    )


def pending_conflict(section: Section, *, user) -> SectionDraft | None:
    """`user`'s newest unresolved conflict draft of `section`, if any: where
    their next edit of it starts, so that the text they kept comes back."""
    if not user.is_authenticated:
        return None
    return (
        SectionDraft.objects.filter(
            section=section, user=user, kind=SectionDraft.Kind.CONFLICT
        )
        .select_related("base_revision")
        .order_by("-updated_at", "-pk")
        .first()
    )


@transaction.atomic
def autosave_draft(
    section: Section,
    *,
    user,
    title: str,
    text: str,
    base_revision: SectionRevision | None,
    summary: str = "",
) -> SectionDraft | None:
    """Keep the text of an edit in progress on the server (one per user and section).

    Returns None (and keeps no draft) when the text equals the current one.
    """
    check_can_edit_section(user, section)
    title, text = title.strip(), normalize_text(text)
    validate_section_input(title=title or section.title, text=text, summary=summary)
    if base_revision is not None and base_revision.section_id != section.pk:
        raise ValidationError(
            {
                "base_revision": _(
                    "This edit does not start from a revision of this section."
                )
            }
        )
    current = section.current_revision
    if current is not None and (title or current.title, text) == (
        current.title,
        current.text,
    ):
        # Nothing unsaved (e.g. an autosave arriving just after the save).
        discard_autosave(section, user=user)
        return None
    draft, _created = SectionDraft.objects.update_or_create(
        section=section,
        user=user,
        kind=SectionDraft.Kind.AUTOSAVE,
        defaults={
            "title": title or section.title,
            "text": text,
            "summary": summary.strip(),
            "base_revision": base_revision,
            "updated_at": timezone.now(),
        },
    )
    return draft


@transaction.atomic
def discard_draft(draft: SectionDraft, *, user) -> None:
    """Throw away one of the user's own drafts (autosave or conflict)."""
    if draft.user_id != user.pk:
        raise ValidationError(_("This draft is not yours."))
    draft.delete()
