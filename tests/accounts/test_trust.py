"""Trust levels (accounts/trust.py): earned by what a person did, lowered by
upheld flags, set by hand by a moderator with a reason that is logged."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import trust
from forum import services as forum_services
from forum.models import Category, ModerationLog
from tests.factories import make_user


@pytest.fixture
def thresholds(settings):
    settings.CARRE_TRUST_BASIC_DAYS = 1
    settings.CARRE_TRUST_BASIC_CONTRIBUTIONS = 2
    settings.CARRE_TRUST_MEMBER_DAYS = 10
    settings.CARRE_TRUST_MEMBER_CONTRIBUTIONS = 4
    settings.CARRE_TRUST_FLAG_PENALTY = 2
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_TRUST_PUBLISH_LEVEL = trust.BASIC


def joined_days_ago(user, days):
    user.date_joined = timezone.now() - timedelta(days=days)
    user.save(update_fields=["date_joined"])
    return user


def post_times(user, n):
    category = Category.objects.get_or_create(name="Reims", slug="reims")[0]
    thread = forum_services.create_thread(
        category=category,
        author=user,
        title="Reims : Savari",
        body="Premier.",
        enforce_limits=False,
    )
    for i in range(n - 1):
        forum_services.post_reply(
            thread, author=user, body=f"Réponse {i}.", enforce_limits=False
        )
    return thread


def test_a_new_account_is_new(thresholds, db):
    user = make_user()

    assert trust.trust_level(user) == trust.NEW
    assert not trust.can_publish_dossier_edits(user)


def test_trust_level_is_earned_by_days_and_contributions(thresholds, db):
    user = joined_days_ago(make_user(), 2)
    post_times(user, 2)
    trust.refresh_trust(user)

    assert user.trust_contributions == 2
    assert trust.trust_level(user) == trust.BASIC
    assert trust.can_publish_dossier_edits(user)


def test_contributions_without_the_days_are_not_enough(thresholds, db):
    user = make_user()
    post_times(user, 5)
    trust.refresh_trust(user)

    assert trust.trust_level(user) == trust.NEW


def test_an_upheld_flag_lowers_the_level(thresholds, db, moderator, other_contributor):
    user = joined_days_ago(make_user(), 30)
    thread = post_times(user, 5)
    trust.refresh_trust(user)
    assert trust.trust_level(user) == trust.MEMBER

    post = thread.posts.order_by("-pk").first()
    flag = forum_services.flag_post(post, user=other_contributor, reason="Injurieux.")
    forum_services.resolve_flag(flag, moderator=moderator, action="hide")

    user.refresh_from_db()
    assert user.trust_flags_upheld == 1
    # 4 posts left, minus a penalty of 2: basic.
    assert trust.trust_level(user) == trust.BASIC


def test_counts_older_than_an_hour_are_counted_again_when_read(thresholds, db):
    user = joined_days_ago(make_user(), 2)
    trust.refresh_trust(user)
    post_times(user, 2)  # a forum reply does not recount
    assert trust.trust_level(user) == trust.NEW

    user.trust_counted_at = timezone.now() - timedelta(hours=2)
    assert trust.trust_level(user) == trust.BASIC


def test_set_trust_level_overrides_and_logs(thresholds, db, moderator):
    user = make_user("temoin51")

    trust.set_trust_level(
        user, moderator=moderator, level=trust.REGULAR, reason="Membre du groupe."
    )

    user.refresh_from_db()
    assert trust.trust_level(user) == trust.REGULAR
    assert trust.can_review_edits(user)
    entry = ModerationLog.objects.get(action="trust", account=user)
    assert entry.moderator == moderator
    assert "Membre du groupe." in entry.details

    trust.set_trust_level(user, moderator=moderator, level=None, reason="Retour.")
    user.refresh_from_db()
    assert trust.trust_level(user) == trust.NEW


def test_set_trust_level_needs_a_moderator_a_reason_and_another_account(
    thresholds, db, moderator, contributor
):
    with pytest.raises(PermissionDenied):
        trust.set_trust_level(contributor, moderator=contributor, level=3, reason="x")
    with pytest.raises(PermissionDenied):
        trust.set_trust_level(moderator, moderator=moderator, level=3, reason="x")
    with pytest.raises(ValidationError):
        trust.set_trust_level(contributor, moderator=moderator, level=3, reason=" ")
    with pytest.raises(ValidationError):
        trust.set_trust_level(contributor, moderator=moderator, level=9, reason="x")


def test_moderators_always_publish_and_review(thresholds, moderator):
    assert trust.can_publish_dossier_edits(moderator)
    assert trust.can_review_edits(moderator)


def test_account_trust_page_shows_and_sets_the_level(
    client, thresholds, moderator, contributor
):
    client.force_login(moderator)
    url = reverse("account-trust", args=[contributor.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert 'id="trust-level"' in page.text

    response = client.post(url, {"level": "2", "reason": "Connu du groupe."})
    assert response.status_code == 302
    contributor.refresh_from_db()
    assert contributor.trust_level_override == 2

    response = client.post(url, {"level": "2", "reason": ""})
    assert response.status_code == 400


def test_account_trust_page_is_for_moderators(
    client, thresholds, contributor, other_contributor
):
    client.force_login(other_contributor)

    response = client.get(reverse("account-trust", args=[contributor.pk]))

    assert response.status_code == 403


def test_deleting_an_account_forgets_the_moderators_reason(thresholds, db, moderator):
    from accounts.services import delete_account

    user = make_user("temoin51")
    trust.set_trust_level(user, moderator=moderator, level=0, reason="Spam répété.")

    delete_account(user)

    user.refresh_from_db()
    assert user.trust_override_reason == ""
    assert user.trust_level_override is None
