"""facts/loaders.py: a fact as the viewer may see it, and may change it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from facts import services
from facts.loaders import get_fact_for
from tests.facts.conftest import make_dossier


def request_as(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_get_fact_for_hides_the_facts_of_a_draft_dossier(contributor):
    draft = make_dossier(contributor, title="Brouillon", status="draft")
    actor = services.add_actor(dossier=draft, by=contributor, name="Thales")
    with pytest.raises(Http404):
        get_fact_for(request_as(), "actor", actor.pk)
    assert get_fact_for(request_as(contributor), "actor", actor.pk) == actor


def test_get_fact_for_finds_a_fact_of_its_kind_only(dossier, contributor):
    actor = services.add_actor(dossier=dossier, by=contributor, name="Thales")
    with pytest.raises(Http404):
        get_fact_for(request_as(contributor), "figure", actor.pk)


def test_get_fact_for_edit_refuses_a_locked_fact_to_contributors(
    dossier, contributor, moderator
):
    actor = services.add_actor(dossier=dossier, by=contributor, name="Thales")
    services.set_fact_locked(actor, by=moderator, locked=True)
    assert get_fact_for(request_as(contributor), "actor", actor.pk).locked
    with pytest.raises(PermissionDenied):
        get_fact_for(request_as(contributor), "actor", actor.pk, edit=True)
    assert get_fact_for(request_as(moderator), "actor", actor.pk, edit=True) == actor


def test_get_fact_for_hides_a_removed_fact_but_from_moderators(
    dossier, contributor, moderator
):
    actor = services.add_actor(dossier=dossier, by=contributor, name="Thales")
    services.remove_fact(actor, by=contributor)
    with pytest.raises(Http404):
        get_fact_for(request_as(contributor), "actor", actor.pk)
    assert get_fact_for(request_as(moderator), "actor", actor.pk, edit=True) == actor
