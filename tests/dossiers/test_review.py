"""Pending edits (dossiers/services/review.py): a new account's section edit
waits for review, invisible to readers, and is accepted through the revision
kernel or refused with a reason; its author is told either way."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import trust
from carre.ratelimit import RateLimited
from carre.revisions import Outcome
from dossiers import services
from dossiers.models import PendingEdit, SectionRevision
from forum.models import ModerationLog
from notifications.models import Notification
from tests.factories import make_user

BASE = "Premier paragraphe.\n\nDeuxième paragraphe."


@pytest.fixture(autouse=True)
def reviewed_below_basic(settings, section):
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


def propose(section, user, text, *, title=None):
    section.refresh_from_db()
    return services.save_section(
        section,
        editor=user,
        title=title or section.title,
        text=text,
        base_revision=section.current_revision,
    )


def test_save_section_by_a_new_account_is_pending(section, newcomer, client):
    result = propose(section, newcomer, "Réécrit par un inconnu.")

    assert result.pending is not None
    assert "relecture" in result.message
    section.refresh_from_db()
    assert section.text == BASE
    assert section.version == 1
    page = client.get(section.dossier.get_absolute_url())
    assert "Réécrit par un inconnu" not in page.text
    assert "Une modification attend une relecture." in page.text


def test_save_section_by_a_trusted_account_goes_live(section, trusted):
    result = propose(section, trusted, "Texte revu.")

    assert result.pending is None
    section.refresh_from_db()
    assert section.text == "Texte revu."


def test_a_newer_pending_edit_replaces_the_authors_previous_one(section, newcomer):
    first = propose(section, newcomer, "Premier essai.").pending
    second = propose(section, newcomer, "Second essai.").pending

    first.refresh_from_db()
    assert first.status == PendingEdit.Status.SUPERSEDED
    assert second.is_pending


def test_accept_pending_edit_publishes_it_and_tells_the_author(
    section, newcomer, moderator, client
):
    pending = propose(section, newcomer, BASE + "\n\nAjout du témoin.").pending

    result = services.accept_pending_edit(pending, reviewer=moderator)

    assert result.outcome is Outcome.SAVED
    section.refresh_from_db()
    assert section.text.endswith("Ajout du témoin.")
    assert section.current_revision.editor == newcomer
    pending.refresh_from_db()
    assert pending.status == PendingEdit.Status.ACCEPTED
    assert pending.revision == section.current_revision
    assert Notification.objects.filter(
        recipient=newcomer, url=pending.get_absolute_url()
    ).exists()
    assert ModerationLog.objects.filter(
        moderator=moderator, action="accept_edit", account=newcomer
    ).exists()
    page = client.get(section.dossier.get_absolute_url())
    assert "Ajout du témoin." in page.text
    assert "Une modification attend une relecture." not in page.text


def test_accept_pending_edit_after_a_newer_disjoint_edit_merges(
    section, newcomer, trusted, moderator
):
    pending = propose(
        section, newcomer, "Premier paragraphe, corrigé.\n\nDeuxième paragraphe."
    ).pending
    propose(section, trusted, "Premier paragraphe.\n\nDeuxième paragraphe, daté.")

    result = services.accept_pending_edit(pending, reviewer=moderator)

    assert result.outcome is Outcome.MERGED
    section.refresh_from_db()
    assert section.text == "Premier paragraphe, corrigé.\n\nDeuxième paragraphe, daté."
    assert section.current_revision.action == SectionRevision.Action.MERGE


def test_accept_pending_edit_over_the_same_lines_conflicts_and_loses_nothing(
    section, newcomer, trusted, moderator
):
    pending = propose(
        section, newcomer, "Version du témoin.\n\nDeuxième paragraphe."
    ).pending
    propose(section, trusted, "Version de Felix.\n\nDeuxième paragraphe.")

    result = services.accept_pending_edit(pending, reviewer=moderator)

    assert result.outcome is Outcome.CONFLICT
    assert "Version du témoin." in result.conflict.merged["text"]
    assert "Version de Felix." in result.conflict.merged["text"]
    section.refresh_from_db()
    assert section.text.startswith("Version de Felix.")
    pending.refresh_from_db()
    assert pending.is_pending
    assert pending.text.startswith("Version du témoin.")


def test_accept_pending_edit_as_edited_by_the_reviewer(section, newcomer, moderator):
    pending = propose(section, newcomer, "Texte avec une faute.").pending

    services.accept_pending_edit(
        pending,
        reviewer=moderator,
        title=pending.title,
        text="Texte sans faute.",
        base_revision=pending.base_revision,
    )

    section.refresh_from_db()
    assert section.text == "Texte sans faute."
    assert "avec des corrections" in Notification.objects.get(recipient=newcomer).text


def test_refuse_pending_edit_requires_a_reason_and_tells_the_author(
    section, newcomer, moderator
):
    pending = propose(section, newcomer, "Vandalisme.").pending

    with pytest.raises(ValidationError):
        services.refuse_pending_edit(pending, reviewer=moderator, reason="  ")
    services.refuse_pending_edit(pending, reviewer=moderator, reason="Hors sujet.")

    pending.refresh_from_db()
    assert pending.status == PendingEdit.Status.REFUSED
    notification = Notification.objects.get(recipient=newcomer)
    assert "Hors sujet." in notification.text
    assert ModerationLog.objects.filter(action="refuse_edit", account=newcomer).exists()
    section.refresh_from_db()
    assert section.text == BASE


def test_a_reviewed_edit_cannot_be_reviewed_again(section, newcomer, moderator):
    pending = propose(section, newcomer, "Une fois.").pending
    services.refuse_pending_edit(pending, reviewer=moderator, reason="Non.")

    with pytest.raises(ValidationError, match="déjà été relue"):
        services.accept_pending_edit(pending, reviewer=moderator)


def test_review_is_for_moderators_and_trusted_contributors_not_the_author(
    section, newcomer, other_contributor, trusted
):
    pending = propose(section, newcomer, "À relire.").pending

    with pytest.raises(PermissionDenied):
        services.accept_pending_edit(pending, reviewer=other_contributor)
    with pytest.raises(PermissionDenied):
        services.accept_pending_edit(pending, reviewer=newcomer)
    services.accept_pending_edit(pending, reviewer=trusted)
    section.refresh_from_db()
    assert section.text == "À relire."


def test_removing_a_section_refuses_its_pending_edits_clearly(
    section, newcomer, moderator
):
    pending = propose(section, newcomer, "Sur une section bientôt retirée.").pending

    services.remove_section(section, editor=moderator)

    pending.refresh_from_db()
    assert pending.status == PendingEdit.Status.REFUSED
    assert pending.review_reason == "La section a été retirée."
    assert "retirée" in Notification.objects.get(recipient=newcomer).text
    assert pending.text == "Sur une section bientôt retirée."
    with pytest.raises(ValidationError, match="déjà été relue"):
        services.accept_pending_edit(pending, reviewer=moderator)


def test_accept_on_a_removed_section_is_refused_with_a_message(
    section, newcomer, moderator
):
    pending = propose(section, newcomer, "Texte.").pending
    # Removed behind the services' back (an admin, an old row): still clear.
    type(section).objects.filter(pk=section.pk).update(removed=True)

    with pytest.raises(ValidationError, match="qu'être refusée"):
        services.accept_pending_edit(pending, reviewer=moderator)


def test_a_new_account_cannot_remove_or_move_sections(section, newcomer):
    with pytest.raises(PermissionDenied, match="récent"):
        services.remove_section(section, editor=newcomer)
    with pytest.raises(PermissionDenied):
        services.move_section(section, editor=newcomer, direction="down")


# --- the pages ----------------------------------------------------------------


def test_section_edit_view_keeps_a_new_accounts_edit_for_review(
    client, section, newcomer
):
    client.force_login(newcomer)
    url = reverse("section-edit", args=[section.dossier.slug, section.pk])
    response = client.post(
        url,
        {
            "title": section.title,
            "text": "Proposé.",
            "summary": "",
            "base_revision": section.current_revision_id,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert PendingEdit.objects.filter(author=newcomer, text="Proposé.").exists()
    section.refresh_from_db()
    assert section.text == BASE


def test_review_queue_lists_pending_edits_for_reviewers_only(
    client, section, newcomer, moderator, other_contributor
):
    pending = propose(section, newcomer, "Dans la file.").pending
    url = reverse("pending-edit-list")

    client.force_login(moderator)
    assert pending.get_absolute_url() in client.get(url).text
    client.force_login(other_contributor)
    assert pending.get_absolute_url() not in client.get(url).text
    assert client.get(pending.get_absolute_url()).status_code == 403
    client.force_login(newcomer)
    assert pending.get_absolute_url() in client.get(url).text
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_review_detail_shows_the_diff_and_accepts(client, section, newcomer, moderator):
    pending = propose(section, newcomer, BASE + "\n\nUn ajout.").pending
    client.force_login(moderator)

    page = client.get(pending.get_absolute_url())
    assert "<ins>" in page.text
    response = client.post(
        reverse("pending-edit-accept", args=[pending.pk]),
        {
            "title": pending.title,
            "text": pending.text,
            "base_revision": pending.base_revision_id,
        },
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text.endswith("Un ajout.")


def test_review_accept_view_answers_409_with_both_texts_on_a_conflict(
    client, section, newcomer, trusted, moderator
):
    pending = propose(
        section, newcomer, "Version du témoin.\n\nDeuxième paragraphe."
    ).pending
    propose(section, trusted, "Version de Felix.\n\nDeuxième paragraphe.")
    client.force_login(moderator)

    response = client.post(
        reverse("pending-edit-accept", args=[pending.pk]),
        {
            "title": pending.title,
            "text": pending.text,
            "base_revision": pending.base_revision_id,
        },
    )

    assert response.status_code == 409
    assert "Version du témoin." in response.text
    assert "Version de Felix." in response.text


def test_review_refuse_view_without_a_reason_answers_400(
    client, section, newcomer, moderator
):
    pending = propose(section, newcomer, "Sans raison.").pending
    client.force_login(moderator)

    response = client.post(
        reverse("pending-edit-refuse", args=[pending.pk]), {"reason": ""}
    )

    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.is_pending


# --- the dossier's description ------------------------------------------------

SUMMARY = "Vidéosurveillance à Reims.\n\nUn programme de caméras depuis 2020."


def describe(dossier, user, *, summary=SUMMARY, title=None, place=None, base=None):
    dossier.refresh_from_db()
    return services.update_dossier(
        dossier,
        editor=user,
        title=title or dossier.title,
        kind=dossier.kind,
        place=dossier.place if place is None else place,
        latitude=dossier.latitude,
        longitude=dossier.longitude,
        summary=summary,
        status=dossier.status,
        base_version=base,
    )


@pytest.fixture
def described(dossier, moderator):
    """The Reims dossier with a two-paragraph summary (version 2)."""
    return describe(dossier, moderator)


def test_update_dossier_by_a_new_account_is_pending(described, newcomer, client):
    result = describe(described, newcomer, summary=SUMMARY + "\n\nAjout inconnu.")

    pending = result.pending_edit
    assert pending.is_description and pending.is_pending
    assert pending.base_description.number == 2
    described.refresh_from_db()
    assert described.summary == SUMMARY
    assert described.version == 2
    page = client.get(described.get_absolute_url())
    assert "Ajout inconnu" not in page.text
    assert 'id="description-pending"' in page.text
    assert "Une modification attend une relecture." in page.text


def test_update_dossier_by_a_new_account_changing_nothing_keeps_nothing(
    described, newcomer
):
    assert describe(described, newcomer).pending_edit is None
    assert not PendingEdit.objects.exists()


def test_a_newer_description_edit_replaces_the_authors_previous_one(
    described, newcomer
):
    first = describe(described, newcomer, summary="Premier essai.").pending_edit
    second = describe(described, newcomer, summary="Second essai.").pending_edit

    first.refresh_from_db()
    assert first.status == PendingEdit.Status.SUPERSEDED
    assert second.is_pending


def test_accept_pending_description_publishes_it_and_tells_the_author(
    described, newcomer, moderator, client
):
    pending = describe(
        described,
        newcomer,
        summary=SUMMARY + "\n\nAjout du témoin.",
        place="Reims (51)",
    ).pending_edit

    result = services.accept_pending_edit(pending, reviewer=moderator)

    assert result.outcome is Outcome.SAVED
    described.refresh_from_db()
    assert described.summary.endswith("Ajout du témoin.")
    assert described.place == "Reims (51)"
    assert described.version == 3
    assert result.revision.editor == newcomer
    pending.refresh_from_db()
    assert pending.status == PendingEdit.Status.ACCEPTED
    assert pending.description_revision == result.revision
    notification = Notification.objects.get(recipient=newcomer)
    assert "description" in notification.text
    assert ModerationLog.objects.filter(
        moderator=moderator, action="accept_edit", account=newcomer
    ).exists()
    page = client.get(described.get_absolute_url())
    assert "Ajout du témoin." in page.text
    assert 'id="description-pending"' not in page.text


def test_accept_pending_description_after_a_newer_disjoint_edit_merges(
    described, newcomer, trusted, moderator
):
    pending = describe(
        described,
        newcomer,
        summary="Vidéosurveillance à Reims, corrigé.\n\n"
        "Un programme de caméras depuis 2020.",
    ).pending_edit
    describe(
        described,
        trusted,
        summary="Vidéosurveillance à Reims.\n\nUn programme de caméras depuis 2021.",
    )

    result = services.accept_pending_edit(pending, reviewer=moderator)

    assert result.outcome is Outcome.MERGED
    described.refresh_from_db()
    assert described.summary == (
        "Vidéosurveillance à Reims, corrigé.\n\nUn programme de caméras depuis 2021."
    )


def test_accept_pending_description_over_the_same_lines_conflicts(
    described, newcomer, trusted, moderator
):
    pending = describe(
        described, newcomer, summary="Version du témoin.\n\nSuite."
    ).pending_edit
    describe(described, trusted, summary="Version de Felix.\n\nSuite.")

    result = services.accept_pending_edit(pending, reviewer=moderator)

    assert result.outcome is Outcome.CONFLICT
    assert "Version du témoin." in result.conflict.merged["summary"]
    described.refresh_from_db()
    assert described.summary.startswith("Version de Felix.")
    pending.refresh_from_db()
    assert pending.is_pending


def test_refuse_pending_description_tells_the_author_why(
    described, newcomer, moderator
):
    pending = describe(described, newcomer, summary="Vandalisme.").pending_edit

    services.refuse_pending_edit(pending, reviewer=moderator, reason="Hors sujet.")

    pending.refresh_from_db()
    assert pending.status == PendingEdit.Status.REFUSED
    notification = Notification.objects.get(recipient=newcomer)
    assert "description" in notification.text
    assert "Hors sujet." in notification.text
    assert ModerationLog.objects.filter(action="refuse_edit", account=newcomer).exists()
    described.refresh_from_db()
    assert described.summary == SUMMARY


def test_dossier_edit_view_keeps_a_new_accounts_description_for_review(
    client, described, newcomer
):
    client.force_login(newcomer)
    url = reverse("dossier-edit", args=[described.slug])
    assert "sera relue" in client.get(url).text
    response = client.post(
        url,
        {
            "title": described.title,
            "kind": described.kind,
            "place": described.place,
            "summary": "Proposé par un nouveau.",
            "status": described.status,
            "base_version": described.version,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "attend une relecture" in response.text
    assert PendingEdit.objects.filter(
        author=newcomer, target="description", text="Proposé par un nouveau."
    ).exists()
    described.refresh_from_db()
    assert described.summary == SUMMARY


def test_review_queue_and_detail_show_a_description_edit_with_its_diff(
    client, described, newcomer, moderator
):
    pending = describe(
        described, newcomer, summary=SUMMARY + "\n\nUn ajout.", place="Reims (Marne)"
    ).pending_edit
    client.force_login(moderator)

    queue = client.get(reverse("pending-edit-list"), {"dossier": described.pk})
    assert pending.get_absolute_url() in queue.text
    page = client.get(pending.get_absolute_url())
    assert "<ins>" in page.text
    assert "Reims (Marne)" in page.text
    response = client.post(
        reverse("pending-edit-accept", args=[pending.pk]),
        {
            "title": pending.title,
            "text": SUMMARY + "\n\nUn ajout, relu.",
            "base_revision": pending.base_description_id,
        },
    )

    assert response.status_code == 302
    described.refresh_from_db()
    assert described.summary.endswith("Un ajout, relu.")
    assert described.place == "Reims (Marne)"
    assert "avec des corrections" in Notification.objects.get(recipient=newcomer).text


def test_review_accept_view_answers_409_on_a_description_conflict(
    client, described, newcomer, trusted, moderator
):
    pending = describe(
        described, newcomer, summary="Version du témoin.\n\nSuite."
    ).pending_edit
    describe(described, trusted, summary="Version de Felix.\n\nSuite.")
    client.force_login(moderator)

    response = client.post(
        reverse("pending-edit-accept", args=[pending.pk]),
        {
            "title": pending.title,
            "text": pending.text,
            "base_revision": pending.base_description_id,
        },
    )

    assert response.status_code == 409
    assert "Version du témoin." in response.text
    assert "Version de Felix." in response.text


def test_a_pending_description_is_its_authors_and_the_reviewers_only(
    client, described, newcomer, other_contributor, moderator
):
    pending = describe(described, newcomer, summary="À relire.").pending_edit

    client.force_login(other_contributor)
    assert client.get(pending.get_absolute_url()).status_code == 403
    response = client.post(
        reverse("pending-edit-accept", args=[pending.pk]),
        {"title": "x", "text": "x", "base_revision": pending.base_description_id},
    )
    assert response.status_code == 403
    client.force_login(newcomer)
    assert client.get(pending.get_absolute_url()).status_code == 200
    pending.refresh_from_db()
    assert pending.is_pending


def test_a_new_accounts_description_edit_from_a_forged_version_is_refused(
    client, described, newcomer
):
    client.force_login(newcomer)
    response = client.post(
        reverse("dossier-edit", args=[described.slug]),
        {
            "title": described.title,
            "kind": described.kind,
            "place": described.place,
            "summary": "D'une version inventée.",
            "status": described.status,
            "base_version": 999,
        },
    )

    assert response.status_code == 400
    assert "formulaire est abîmé" in response.text
    assert "inventée" in response.text
    assert not PendingEdit.objects.exists()


def test_a_new_accounts_held_edits_are_rate_limited_like_published_ones(
    settings, section, newcomer, moderator
):
    # Held edits write no revision: they count by their own rows, so a new
    # account cannot fill the review queue faster than a page.
    settings.CARRE_SECTION_EDITS_PER_MINUTE = 2
    other = services.add_section(section.dossier, editor=moderator, title="Coûts")
    propose(section, newcomer, "Premier essai.")
    propose(other, newcomer, "Une estimation.")
    with pytest.raises(RateLimited):
        propose(section, newcomer, "Troisième essai.")
    assert PendingEdit.objects.filter(author=newcomer).count() == 2
