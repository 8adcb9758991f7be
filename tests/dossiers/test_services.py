import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers import services
from dossiers.models import (
    SECTION_TEXT_MAX_LENGTH,
    Section,
    SectionDraft,
    SectionRevision,
)
from tests.dossiers.conftest import make_dossier


def test_create_dossier_makes_unique_slug_and_watch(contributor):
    first = make_dossier(contributor, title="Reims")
    second = make_dossier(contributor, title="Reims")
    assert first.slug == "reims"
    assert second.slug == "reims-2"
    assert list(first.watchers.all()) == [contributor]


def test_create_dossier_refuses_half_coordinates(contributor):
    with pytest.raises(ValidationError) as error:
        services.create_dossier(
            author=contributor, title="X", kind="city", latitude=49, longitude=None
        )
    assert "latitude" in error.value.message_dict


def test_create_dossier_refuses_anonymous(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.create_dossier(author=AnonymousUser(), title="X", kind="city")


def test_add_section_creates_first_revision(dossier, contributor):
    section = services.add_section(
        dossier, editor=contributor, title="Chiffres", text="**225** caméras"
    )
    assert section.anchor == "chiffres"
    assert section.version == 1
    assert section.html == "<p><strong>225</strong> caméras</p>\n"
    revision = section.current_revision
    assert (revision.number, revision.action, revision.editor) == (
        1,
        "create",
        contributor,
    )


def test_add_section_anchor_is_unique(dossier, contributor):
    a = services.add_section(dossier, editor=contributor, title="Chiffres")
    b = services.add_section(dossier, editor=contributor, title="Chiffres")
    assert (a.anchor, b.anchor) == ("chiffres", "chiffres-2")
    assert b.position == a.position + 1


def test_save_section_on_current_base_saves(section, other_contributor):
    base = section.current_revision
    result = services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Nouveau.",
        base_revision=base,
        summary="typo",
    )
    assert result.outcome == "saved"
    section.refresh_from_db()
    assert section.text == "Nouveau."
    assert section.version == 2
    assert result.revision.base_revision == base
    assert result.revision.summary == "typo"


def test_save_section_merges_non_overlapping_edits(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Premier paragraphe, corrigé.\n\nDeuxième paragraphe.",
        base_revision=base,
    )
    result = services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Premier paragraphe.\n\nDeuxième paragraphe, complété.",
        base_revision=base,
    )
    assert result.outcome == "merged"
    section.refresh_from_db()
    assert (
        section.text == "Premier paragraphe, corrigé.\n\nDeuxième paragraphe, complété."
    )
    assert result.revision.action == SectionRevision.Action.MERGE


def test_save_section_overlapping_edit_becomes_conflict_draft(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Leur texte.",
        base_revision=base,
    )
    result = services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Mon texte.",
        base_revision=base,
    )
    assert result.conflict
    section.refresh_from_db()
    assert section.text == "Leur texte."
    draft = result.draft
    assert (draft.kind, draft.text, draft.user) == (
        "conflict",
        "Mon texte.",
        other_contributor,
    )
    assert draft.conflict_revision == section.current_revision
    # Resolving: save again from the revision that won, the conflict draft goes.
    resolved = services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Texte commun.",
        base_revision=section.current_revision,
        resolves=draft,
    )
    assert resolved.outcome == "saved"
    assert not SectionDraft.objects.filter(pk=draft.pk).exists()


def test_save_section_refuses_forged_base(section, dossier, contributor):
    other = dossier.sections.exclude(pk=section.pk).get()
    with pytest.raises(ValidationError) as error:
        services.save_section(
            section,
            editor=contributor,
            title="x",
            text="y",
            base_revision=other.current_revision,
        )
    assert "base_revision" in error.value.message_dict


def test_save_section_refuses_oversized_text(section, contributor):
    with pytest.raises(ValidationError) as error:
        services.save_section(
            section,
            editor=contributor,
            title="x",
            text="a" * (SECTION_TEXT_MAX_LENGTH + 1),
            base_revision=section.current_revision,
        )
    assert "text" in error.value.message_dict


def test_save_section_refuses_locked_section_but_not_moderator(
    section, contributor, moderator
):
    services.set_section_locked(section, moderator=moderator, locked=True)
    with pytest.raises(PermissionDenied):
        services.save_section(
            section,
            editor=contributor,
            title="x",
            text="y",
            base_revision=section.current_revision,
        )
    result = services.save_section(
        section,
        editor=moderator,
        title="x",
        text="y",
        base_revision=section.current_revision,
    )
    assert result.outcome == "saved"


def test_save_section_refuses_locked_dossier(section, dossier, contributor, moderator):
    services.set_dossier_locked(dossier, moderator=moderator, locked=True)
    section = Section.objects.select_related("dossier").get(pk=section.pk)
    with pytest.raises(PermissionDenied):
        services.save_section(
            section,
            editor=contributor,
            title="x",
            text="y",
            base_revision=section.current_revision,
        )


def test_save_section_unchanged_makes_no_revision(section, contributor):
    result = services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text=section.text,
        base_revision=section.current_revision,
    )
    assert result.outcome == "unchanged"
    assert section.revisions.count() == 1


def test_save_section_normalizes_crlf(section, contributor):
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="a\r\n\r\nb",
        base_revision=section.current_revision,
    )
    section.refresh_from_db()
    assert section.text == "a\n\nb"


def test_remove_then_restore_section(section, contributor, moderator):
    services.remove_section(section, editor=contributor, summary="doublon")
    section.refresh_from_db()
    assert section.removed
    assert section.current_revision.action == "remove"
    with pytest.raises(PermissionDenied):
        services.save_section(
            section,
            editor=contributor,
            title="x",
            text="y",
            base_revision=section.current_revision,
        )
    with pytest.raises(PermissionDenied):
        services.restore_section(section, moderator=contributor)
    services.restore_section(section, moderator=moderator)
    section.refresh_from_db()
    assert not section.removed
    assert section.version == 3


def test_revert_section_is_a_new_revision(section, contributor, other_contributor):
    first = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Vandale !",
        base_revision=first,
    )
    revision = services.revert_section(section, editor=contributor, revision=first)
    section.refresh_from_db()
    assert section.text == first.text
    assert (revision.number, revision.action, revision.base_revision) == (
        3,
        "revert",
        first,
    )
    with pytest.raises(ValidationError):
        services.revert_section(section, editor=contributor, revision=first)


def test_hide_revision_only_by_moderator_and_not_current(
    section, contributor, moderator
):
    first = section.current_revision
    services.save_section(
        section, editor=contributor, title="t", text="v", base_revision=first
    )
    with pytest.raises(PermissionDenied):
        services.set_revision_hidden(first, moderator=contributor, hidden=True)
    section.refresh_from_db()
    with pytest.raises(ValidationError):
        services.set_revision_hidden(
            section.current_revision, moderator=moderator, hidden=True
        )
    services.set_revision_hidden(first, moderator=moderator, hidden=True)
    first.refresh_from_db()
    assert first.hidden and first.hidden_by == moderator
    assert list(section.revisions.visible_to(contributor)) == [section.current_revision]
    assert section.revisions.visible_to(moderator).count() == 2


def test_move_section(dossier, contributor):
    first, second = dossier.sections.order_by("position")
    services.move_section(second, editor=contributor, direction="up")
    assert list(dossier.sections.order_by("position")) == [second, first]
    services.move_section(second, editor=contributor, direction="up")  # already first
    assert list(dossier.sections.order_by("position")) == [second, first]


def test_move_section_is_in_the_history(dossier, contributor, other_contributor):
    _first, second = dossier.sections.order_by("position")
    before = second.current_revision
    services.move_section(second, editor=other_contributor, direction="up")
    second.refresh_from_db()
    move = second.current_revision
    assert move.action == SectionRevision.Action.MOVE_UP
    assert move.editor == other_contributor
    assert (move.title, move.text) == (before.title, before.text)
    assert move.html == before.html
    assert move.number == before.number + 1
    # A move that changes nothing (already first) records nothing.
    services.move_section(second, editor=other_contributor, direction="up")
    assert second.revisions.count() == move.number


def test_edit_started_before_a_move_is_saved_without_merge(
    dossier, contributor, other_contributor
):
    first, second = dossier.sections.order_by("position")
    base = second.current_revision
    services.move_section(second, editor=other_contributor, direction="up")
    result = services.save_section(
        second,
        editor=contributor,
        title=base.title,
        text="Un texte revu pendant le déplacement.",
        base_revision=base,
    )
    assert result.outcome == "saved"
    assert result.revision.action == SectionRevision.Action.EDIT
    assert list(dossier.sections.order_by("position")) == [second, first]


def test_autosave_draft_is_one_per_user_and_section(section, contributor):
    base = section.current_revision
    services.autosave_draft(
        section, user=contributor, title="t", text="un", base_revision=base
    )
    draft = services.autosave_draft(
        section, user=contributor, title="t", text="deux", base_revision=base
    )
    assert SectionDraft.objects.filter(section=section).count() == 1
    assert draft.text == "deux"
    services.save_section(
        section, editor=contributor, title="t", text="deux", base_revision=base
    )
    assert not SectionDraft.objects.filter(section=section).exists()


def test_save_section_notifies_watchers(
    section, dossier, contributor, other_contributor
):
    from notifications.models import Notification

    services.watch_dossier(dossier, user=other_contributor)
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Nouveau.",
        base_revision=section.current_revision,
    )
    notification = Notification.objects.get(recipient=other_contributor)
    assert "Programme 2020" in notification.text
    assert notification.url.endswith("#programme-2020")
    # The editor is not notified of their own change.
    assert not Notification.objects.filter(recipient=contributor).exists()


def test_save_section_merges_a_rename_with_a_text_edit(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=contributor,
        title="Programme municipal 2020",
        text=base.text,
        base_revision=base,
    )
    result = services.save_section(
        section,
        editor=other_contributor,
        title=base.title,
        text="Texte revu.",
        base_revision=base,
    )
    assert result.outcome == "merged"
    section.refresh_from_db()
    assert (section.title, section.text) == ("Programme municipal 2020", "Texte revu.")


def test_save_section_two_different_renames_conflict(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=contributor,
        title="Un titre",
        text=base.text,
        base_revision=base,
    )
    result = services.save_section(
        section,
        editor=other_contributor,
        title="Un autre titre",
        text=base.text,
        base_revision=base,
    )
    assert result.conflict
    assert result.draft.title == "Un autre titre"


# --- the section editor: where it starts, what a form's save does ------------------


def test_start_edit_opens_the_current_revision(section, contributor):
    start = services.start_edit(section, user=contributor)
    current = section.current_revision
    assert start.draft is None
    assert start.values == {
        "title": current.title,
        "text": current.text,
        "summary": "",
        "base_revision": current.pk,
    }


def test_start_edit_resumes_the_autosaved_draft_from_its_base(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.autosave_draft(
        section,
        user=contributor,
        title=section.title,
        text="Pas fini.",
        summary="en cours",
        base_revision=base,
    )
    # Someone saves meanwhile: the draft still starts from its own base, so
    # that saving it merges with their edit instead of overwriting it.
    services.save_section(
        section, editor=other_contributor, title="t", text="Autre.", base_revision=base
    )
    start = services.start_edit(section, user=contributor)
    assert start.draft is not None
    assert (start.values["text"], start.values["summary"]) == ("Pas fini.", "en cours")
    assert start.values["base_revision"] == base.pk
    # Another editor starts from the current revision.
    assert services.start_edit(section, user=other_contributor).draft is None


def test_start_resolution_offers_the_merged_text_over_the_current_revision(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title="t",
        text="Leur texte.",
        base_revision=base,
    )
    result = services.save_section(
        section, editor=contributor, title="t", text="Mon texte.", base_revision=base
    )
    section.refresh_from_db()
    start = services.start_resolution(result.draft, section=section)
    assert start.conflict.passages == 1
    # No markers: the editor's own version of the passage, until they choose.
    assert start.values["text"] == "Mon texte."
    assert start.values["draft_choices"] == "mine"
    theirs = services.start_resolution(
        result.draft, section=section, choices=["theirs"]
    )
    assert theirs.values["text"] == "Leur texte."
    assert start.values["base_revision"] == section.current_revision_id
    assert start.values["conflict_draft"] == result.draft.pk


def test_save_section_edit_takes_the_ids_the_form_sends(section, contributor):
    result = services.save_section_edit(
        section,
        editor=contributor,
        title=section.title,
        text="Nouveau.",
        base_revision=section.current_revision_id,
    )
    assert result.outcome == "saved"
    assert result.message == "Section enregistrée."
    section.refresh_from_db()
    assert section.text == "Nouveau."


def test_save_section_edit_refuses_a_revision_of_another_section(
    dossier, section, contributor
):
    other = dossier.sections.exclude(pk=section.pk).get()
    for forged in (other.current_revision_id, 999_999, None):
        with pytest.raises(ValidationError) as error:
            services.save_section_edit(
                section,
                editor=contributor,
                title=section.title,
                text="Nouveau.",
                base_revision=forged,
            )
        assert "base_revision" in error.value.message_dict
    section.refresh_from_db()
    assert section.version == 1


def test_save_section_edit_settles_only_the_editors_own_conflict_draft(
    section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section, editor=contributor, title="t", text="a", base_revision=base
    )
    theirs = services.save_section(
        section, editor=other_contributor, title="t", text="b", base_revision=base
    ).draft
    mine = services.save_section(
        section, editor=contributor, title="t", text="c", base_revision=base
    ).draft
    section.refresh_from_db()
    for draft in (theirs, mine):
        services.save_section_edit(
            section,
            editor=contributor,
            title="t",
            text="a et c",
            base_revision=section.current_revision_id,
            conflict_draft=draft.pk,
        )
        section.refresh_from_db()
    assert list(SectionDraft.objects.values_list("user__username", flat=True)) == [
        other_contributor.username
    ]


def test_save_result_message_tells_each_outcome(section, contributor):
    base = section.current_revision
    unchanged = services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text=section.text,
        base_revision=base,
    )
    assert unchanged.message == "Aucun changement."
    assert "fusionn" in str(services.SAVE_MESSAGES["merged"])
    assert "brouillon" in str(services.SAVE_MESSAGES["conflict"])
