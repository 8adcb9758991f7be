import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers import services as dossier_services
from facts.models import Event, Figure, Provenance
from forum import services as forum_services
from promotion import services as promotion
from sources.models import Source
from tests.facts.conftest import make_dossier
from tests.promotion.conftest import BODY


def test_post_urls_are_found_in_order():
    assert promotion.post_urls(BODY) == [
        "http://127.0.0.1:9/reims/conseil-2023-01-30?utm_source=x",
        "http://127.0.0.1:9/streetpress/reims-thales",
    ]


def test_promote_to_section_appends_a_quoted_revision(
    post, dossier, section, other_contributor
):
    provenance = promotion.promote_post_to_section(
        post, by=other_contributor, dossier=dossier, section=section
    )
    section.refresh_from_db()
    revision = provenance.section_revision
    assert revision == section.current_revision
    assert revision.editor == other_contributor
    assert section.text.startswith("Début.\n\n> Au conseil du 30 janvier 2023")
    assert post.get_absolute_url() in section.text
    assert Source.objects.count() == 2
    assert provenance.post == post


def test_promote_to_new_section(post, dossier, contributor):
    provenance = promotion.promote_post_to_section(
        post, by=contributor, dossier=dossier, new_section_title="Le coût"
    )
    assert provenance.section_revision.section.title == "Le coût"


def test_promote_to_section_needs_a_section_or_a_title(post, dossier, contributor):
    with pytest.raises(ValidationError) as refused:
        promotion.promote_post_to_section(
            post, by=contributor, dossier=dossier, new_section_title="  "
        )
    assert "new_section_title" in refused.value.message_dict
    assert not Provenance.objects.exists()


def test_promote_to_a_section_of_another_dossier_is_refused(
    post, dossier, section, contributor
):
    other = make_dossier(contributor, title="Nice")
    with pytest.raises(ValidationError) as refused:
        promotion.promote_post_to_section(
            post, by=contributor, dossier=other, section=section
        )
    assert "section" in refused.value.message_dict


def test_promote_to_event_cites_the_post_sources(post, dossier, contributor):
    provenance = promotion.promote_post_to_event(
        post,
        by=contributor,
        dossier=dossier,
        date=datetime.date(2023, 1, 30),
        title="Conseil municipal",
    )
    event = Event.objects.get()
    assert provenance.event == event
    assert event.citations.count() == 2
    assert "60 000" in event.description


def test_promote_to_figure(post, dossier, contributor):
    promotion.promote_post_to_figure(
        post,
        by=contributor,
        dossier=dossier,
        subject="Coût de Savari",
        value=60000,
        unit="€",
        locator="26:00",
    )
    figure = Figure.objects.get()
    assert figure.source is not None
    assert figure.locator == "26:00"


def test_promote_post_follows_the_chosen_target(post, dossier, section, contributor):
    provenance = promotion.promote_post(
        post,
        by=contributor,
        dossier=dossier,
        target="figure",
        subject="Coût de Savari",
        value=60000,
        unit="€",
        as_of=None,
        section=section,
    )
    assert provenance.figure == Figure.objects.get()
    assert provenance.section_revision is None
    with pytest.raises(ValidationError):
        promotion.promote_post(post, by=contributor, dossier=dossier, target="x")


def test_deleted_post_cannot_be_promoted(post, dossier, contributor, moderator):
    forum_services.delete_post(post, by=moderator, reason="doublon")
    with pytest.raises(PermissionDenied):
        promotion.promote_post_to_section(
            post, by=contributor, dossier=dossier, new_section_title="X"
        )


def test_post_cannot_go_into_a_locked_dossier(post, dossier, contributor, moderator):
    dossier_services.set_dossier_locked(dossier, moderator=moderator, locked=True)
    with pytest.raises(PermissionDenied):
        promotion.promote_post_to_section(
            post, by=contributor, dossier=dossier, new_section_title="X"
        )
    assert not Provenance.objects.exists()
