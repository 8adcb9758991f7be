"""The moderators' decisions on a tip: a thread, a source, or dismissed;
each one logged, each tip decided once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import Category, ModerationLog
from sources.models import Source
from tests.tips.conftest import gps_jpeg
from tips import services
from tips.models import Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def tip():
    return services.submit_tip(
        text="Le marché du logiciel Savari a été renouvelé.",
        links="https://example.org/conseil-2023",
        files=[gps_jpeg()],
    )


@pytest.fixture
def category():
    return Category.objects.create(name="Villes", slug="villes")


def test_tip_to_thread_posts_it_with_its_provenance(tip, moderator, category):
    thread = services.tip_to_thread(
        tip,
        by=moderator,
        category=category,
        title="Reims : Savari renouvelé ?",
        body=tip.text,
    )

    post = thread.posts.get()
    assert post.author == moderator
    assert "From an anonymous tip of" in post.body or "information anonyme" in post.body
    assert "Savari a été renouvelé" in post.body
    tip.refresh_from_db()
    assert tip.status == Tip.Status.THREAD
    assert tip.thread == thread and tip.decided_by == moderator
    entry = ModerationLog.objects.get(action=ModerationLog.Action.TIP_THREAD)
    assert entry.moderator == moderator and entry.thread == thread
    assert str(tip.pk) in entry.details


def test_tip_to_source_keeps_provenance_and_the_clean_photo(tip, moderator):
    source = services.tip_to_source(
        tip,
        by=moderator,
        title="Délibération du conseil municipal",
        url="https://example.org/conseil-2023",
        kind=Source.Kind.OFFICIAL,
        description="À vérifier.",
    )

    assert source.url == "https://example.org/conseil-2023"
    assert "anonymous tip" in source.description or "anonyme" in source.description
    assert source.file and source.file_type == "image/jpeg"
    tip.refresh_from_db()
    assert tip.status == Tip.Status.SOURCE and tip.source == source
    assert ModerationLog.objects.filter(
        action=ModerationLog.Action.TIP_SOURCE, moderator=moderator
    ).exists()


def test_tip_to_source_refuses_an_address_the_tip_does_not_hold(tip, moderator):
    with pytest.raises(ValidationError):
        services.tip_to_source(
            tip,
            by=moderator,
            title="Autre",
            url="https://example.org/autre",
            kind=Source.Kind.ARTICLE,
            description="",
        )
    assert Tip.objects.get().is_new


def test_dismiss_tip_deletes_its_files_and_is_logged(
    tip, moderator, django_capture_on_commit_callbacks
):
    stored = tip.files.get()
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss_tip(tip, by=moderator, reason="Déjà connu")

    assert not storage.exists(name)
    tip.refresh_from_db()
    assert tip.status == Tip.Status.DISMISSED
    assert not tip.files.exists()
    entry = ModerationLog.objects.get(action=ModerationLog.Action.TIP_DISMISS)
    assert "Déjà connu" in entry.details


def test_a_tip_is_decided_once(tip, moderator, category):
    services.dismiss_tip(tip, by=moderator)

    with pytest.raises(ValidationError, match=r"already handled|déjà été traitée"):
        services.tip_to_thread(
            tip, by=moderator, category=category, title="Trop tard", body="Texte"
        )
    assert ModerationLog.objects.count() == 1


def test_contributors_cannot_decide(tip, contributor):
    with pytest.raises(PermissionDenied):
        services.dismiss_tip(tip, by=contributor)
    assert Tip.objects.get().is_new
