"""Pending fact edits (facts/review.py): a new account's figure edit or
addition waits for review, invisible to readers, and is accepted (as the
author's, from the version they started from) or refused with a reason."""

from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse

from accounts import trust
from carre.ratelimit import RateLimited
from facts import services
from facts.models import Figure, PendingFactEdit
from forum.models import ModerationLog
from notifications.models import Notification
from tests.factories import make_user

PENDING_MESSAGE = "Votre modification attend une relecture"


@pytest.fixture
def figure(dossier, moderator):
    return services.add_figure(
        dossier=dossier,
        by=moderator,
        subject="Caméras de vidéoprotection",
        value=245,
        unit="caméras",
    )


@pytest.fixture(autouse=True)
def reviewed_below_basic(settings, figure):
    # As on a real site, once the dossier exists: a new account is reviewed.
    settings.CARRE_TRUST_PUBLISH_LEVEL = trust.BASIC


@pytest.fixture
def newcomer(db):
    return make_user("temoin51")


@pytest.fixture
def trusted(db):
    user = make_user("felix")
    user.trust_level_override = trust.REGULAR
    user.save(update_fields=["trust_level_override"])
    return user


def figure_form(**more):
    return {
        "subject": "Caméras de vidéoprotection",
        "value": "245",
        "unit": "caméras",
        "as_of_precision": "day",
        "rank": "normal",
        "base_version": "1",
        **more,
    }


def propose(client, user, figure, **more):
    client.force_login(user)
    url = reverse("fact-edit", kwargs={"kind": "figure", "pk": figure.pk})
    return client.post(url, figure_form(**more), follow=True)


def review_url(name, pending):
    return reverse(name, kwargs={"pk": pending.pk})


def test_a_new_accounts_figure_edit_is_pending_and_the_page_unchanged(
    client, newcomer, figure
):
    response = propose(client, newcomer, figure, value="300")

    assert PENDING_MESSAGE in response.text
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal(245), 1)
    pending = PendingFactEdit.objects.get(author=newcomer)
    assert pending.is_pending and pending.fact_id == figure.pk
    client.logout()
    page = client.get(figure.dossier.get_absolute_url())
    assert "300" not in page.text


def test_a_new_accounts_figure_edit_is_shown_to_the_moderator_before_and_after(
    client, newcomer, moderator, figure
):
    propose(client, newcomer, figure, value="300")
    pending = PendingFactEdit.objects.get()
    client.force_login(moderator)

    queue = client.get(reverse("fact-review-list"))
    assert pending.get_absolute_url() in queue.text
    assert reverse("fact-review-list") in client.get(reverse("pending-edit-list")).text
    detail = client.get(pending.get_absolute_url())
    rows = {
        row.find("th").text.strip(): [c.text_content() for c in row.findall("td")]
        for row in lxml.html.fromstring(detail.text).xpath(
            "//table[@id='fact-review-table']/tbody/tr[@class='differs']"
        )
    }
    assert rows == {"Valeur": ["245", "300"]}


def test_a_moderator_accepts_and_the_author_is_told_and_it_is_logged(
    client, newcomer, moderator, figure
):
    propose(client, newcomer, figure, value="300")
    pending = PendingFactEdit.objects.get()
    client.force_login(moderator)

    response = client.post(review_url("fact-review-accept", pending))

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal(300), 2)
    assert services.fact_revisions(figure).first().editor == newcomer
    pending.refresh_from_db()
    assert pending.status == PendingFactEdit.Status.ACCEPTED
    assert pending.reviewed_by == moderator
    assert Notification.objects.filter(
        recipient=newcomer, url=pending.get_absolute_url()
    ).exists()
    assert ModerationLog.objects.filter(
        moderator=moderator, action="accept_edit", account=newcomer
    ).exists()
    client.logout()
    assert "300" in client.get(figure.dossier.get_absolute_url()).text


def test_a_pending_addition_is_created_once_accepted(
    client, newcomer, moderator, dossier, figure
):
    client.force_login(newcomer)
    url = reverse("fact-add", kwargs={"slug": dossier.slug, "kind": "figure"})
    response = client.post(
        url,
        figure_form(subject="Agents de police municipale", value="120"),
        follow=True,
    )
    assert PENDING_MESSAGE in response.text
    assert not Figure.objects.filter(subject="Agents de police municipale").exists()

    pending = PendingFactEdit.objects.get()
    client.force_login(moderator)
    assert client.post(review_url("fact-review-accept", pending)).status_code == 302

    added = Figure.objects.get(subject="Agents de police municipale")
    assert added.value == 120


def test_refusal_needs_a_reason_and_tells_the_author(
    client, newcomer, moderator, figure
):
    propose(client, newcomer, figure, value="300")
    pending = PendingFactEdit.objects.get()
    client.force_login(moderator)

    empty = client.post(review_url("fact-review-refuse", pending), {"reason": " "})
    assert empty.status_code == 400
    response = client.post(
        review_url("fact-review-refuse", pending), {"reason": "Aucune source."}
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == PendingFactEdit.Status.REFUSED
    assert "Aucune source." in Notification.objects.get(recipient=newcomer).text
    assert ModerationLog.objects.filter(action="refuse_edit", account=newcomer).exists()
    figure.refresh_from_db()
    assert figure.value == 245


def test_accepting_after_a_newer_edit_is_a_409_showing_both(
    client, newcomer, trusted, moderator, figure
):
    propose(client, newcomer, figure, value="300")
    pending = PendingFactEdit.objects.get()
    services.edit_fact(figure, by=trusted, values={"value": 250}, base_version=1)
    client.force_login(moderator)

    response = client.post(review_url("fact-review-accept", pending))

    assert response.status_code == 409
    rows = {
        row.find("th").text.strip(): [c.text_content() for c in row.findall("td")]
        for row in lxml.html.fromstring(response.text).xpath(
            "//table[@id='fact-review-table']/tbody/tr[@class='differs']"
        )
    }
    assert rows == {"Valeur": ["250", "300"]}
    figure.refresh_from_db()
    assert figure.value == 250
    pending.refresh_from_db()
    assert pending.is_pending


def test_nobody_reviews_their_own_edit(client, newcomer, figure):
    propose(client, newcomer, figure, value="300")
    pending = PendingFactEdit.objects.get()

    response = client.post(review_url("fact-review-accept", pending))

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.is_pending


def test_a_trusted_contributor_publishes_directly(client, trusted, figure):
    propose(client, trusted, figure, value="300")

    figure.refresh_from_db()
    assert figure.value == 300
    assert not PendingFactEdit.objects.exists()


def test_a_new_account_cannot_remove_a_fact_and_its_revert_waits(
    client, newcomer, trusted, figure
):
    services.edit_fact(figure, by=trusted, values={"value": 250}, base_version=1)
    client.force_login(newcomer)

    removal = client.post(
        reverse("fact-remove", kwargs={"kind": "figure", "pk": figure.pk})
    )
    revert = client.post(
        reverse("fact-revert", kwargs={"kind": "figure", "pk": figure.pk, "number": 1}),
        follow=True,
    )

    assert removal.status_code == 403
    assert PENDING_MESSAGE in revert.text
    figure.refresh_from_db()
    assert (figure.value, figure.removed) == (Decimal(250), False)
    assert PendingFactEdit.objects.get(author=newcomer).values["value"] == "245"


def test_a_held_revert_is_reviewed_and_recorded_as_a_revert(
    client, newcomer, trusted, moderator, figure
):
    services.edit_fact(figure, by=trusted, values={"value": 250}, base_version=1)
    pending = services.revert_fact(
        figure, by=newcomer, revision=services.fact_revisions(figure).last()
    )
    client.force_login(moderator)
    detail = client.get(pending.get_absolute_url())
    assert "Retour à une version antérieure en attente" in detail.text

    client.post(review_url("fact-review-accept", pending))

    figure.refresh_from_db()
    assert figure.value == 245
    latest = services.fact_revisions(figure).first()
    assert (latest.editor, latest.action) == (newcomer, "revert")


def test_a_new_accounts_held_changes_are_rate_limited(settings, newcomer, figure):
    settings.CARRE_FACT_EDITS_PER_MINUTE = 2
    for subject in ("Caméras piétons", "Drones"):
        services.add_figure(
            dossier=figure.dossier, by=newcomer, subject=subject, value=4
        )
    with pytest.raises(RateLimited):
        services.add_figure(
            dossier=figure.dossier, by=newcomer, subject="Micros", value=2
        )
    assert PendingFactEdit.objects.filter(author=newcomer).count() == 2


def test_accepting_is_not_limited_by_the_authors_rate(
    settings, client, newcomer, moderator, figure
):
    # Accepting publishes as the author: their per-minute limit was counted
    # when they sent the changes, not again when a reviewer goes through the
    # queue within the same minute.
    for subject in ("Caméras piétons", "Drones", "Micros"):
        services.add_figure(
            dossier=figure.dossier, by=newcomer, subject=subject, value=4
        )
    settings.CARRE_FACT_EDITS_PER_MINUTE = 2
    client.force_login(moderator)
    for pending in PendingFactEdit.objects.filter(author=newcomer):
        assert client.post(review_url("fact-review-accept", pending)).status_code == 302
    pending = PendingFactEdit.objects.filter(author=newcomer)
    assert {p.status for p in pending} == {PendingFactEdit.Status.ACCEPTED}
