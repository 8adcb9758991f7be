"""Each loader of dossiers/loaders.py: what it finds, what it refuses (404:
not seen; 403 with `edit=True`: seen, but not to be changed)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from dossiers import services
from dossiers.loaders import (
    get_dossier_for,
    get_draft_for,
    get_revision_for,
    get_section_for,
)
from dossiers.models import SectionDraft


def request_as(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_get_dossier_for_hides_a_draft_from_visitors(draft_dossier, contributor):
    with pytest.raises(Http404):
        get_dossier_for(request_as(), draft_dossier.slug)
    assert get_dossier_for(request_as(contributor), draft_dossier.slug) == draft_dossier


def test_get_dossier_for_edit_refuses_a_locked_dossier_to_contributors(
    dossier, contributor, moderator
):
    services.set_dossier_locked(dossier, moderator=moderator, locked=True)
    assert get_dossier_for(request_as(contributor), dossier.slug).locked
    with pytest.raises(PermissionDenied):
        get_dossier_for(request_as(contributor), dossier.slug, edit=True)
    assert get_dossier_for(request_as(moderator), dossier.slug, edit=True) == dossier


def test_get_section_for_finds_only_the_sections_of_the_dossier(
    dossier, section, contributor
):
    other = services.create_dossier(author=contributor, title="Nice", kind="city")
    with pytest.raises(Http404):
        get_section_for(request_as(contributor), other, section.pk)
    found = get_section_for(request_as(contributor), dossier, section.pk)
    assert found == section
    assert found.dossier is dossier


def test_get_section_for_a_removed_section(dossier, section, contributor, moderator):
    services.remove_section(section, editor=contributor)
    with pytest.raises(Http404):
        get_section_for(request_as(contributor), dossier, section.pk)
    # Its history stays readable, and a save of it explains itself.
    found = get_section_for(
        request_as(contributor), dossier, section.pk, include_removed=True
    )
    assert found.removed
    # Moderators see it, but restore it before editing it.
    assert get_section_for(request_as(moderator), dossier, section.pk).removed
    with pytest.raises(PermissionDenied):
        get_section_for(request_as(moderator), dossier, section.pk, edit=True)


def test_get_section_for_edit_refuses_a_locked_section_to_contributors(
    dossier, section, contributor, moderator
):
    services.set_section_locked(section, moderator=moderator, locked=True)
    with pytest.raises(PermissionDenied, match="verrouillée"):
        get_section_for(request_as(contributor), dossier, section.pk, edit=True)
    found = get_section_for(request_as(moderator), dossier, section.pk, edit=True)
    assert found.locked


def test_get_revision_for_hides_a_hidden_revision_but_from_moderators(
    section, contributor, moderator
):
    first = section.current_revision
    services.save_section(
        section, editor=contributor, title="t", text="Suite.", base_revision=first
    )
    services.set_revision_hidden(first, moderator=moderator, hidden=True)
    with pytest.raises(Http404):
        get_revision_for(request_as(contributor), section, 1)
    assert get_revision_for(request_as(moderator), section, 1) == first
    # The service that acts on it (unhide) checks its own rule.
    found = get_revision_for(request_as(contributor), section, 1, include_hidden=True)
    assert found == first
    with pytest.raises(Http404):
        get_revision_for(request_as(moderator), section, 99)


def test_get_draft_for_finds_only_the_viewers_own(
    section, contributor, other_contributor
):
    draft = services.autosave_draft(
        section,
        user=contributor,
        title=section.title,
        text="Pas fini.",
        base_revision=section.current_revision,
    )
    assert get_draft_for(request_as(contributor), section, draft.pk) == draft
    with pytest.raises(Http404):
        get_draft_for(request_as(other_contributor), section, draft.pk)
    with pytest.raises(Http404):
        get_draft_for(
            request_as(contributor),
            section,
            draft.pk,
            kind=SectionDraft.Kind.CONFLICT,
        )
