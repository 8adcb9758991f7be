from django.urls import reverse

from accounts.roles import grant_moderator_permissions
from facts import services
from facts.models import Actor


def test_moderator_locks_facts_from_the_admin(client, moderator, contributor, dossier):
    # accounts grants the group's permissions after migrate; make sure the
    # facts permissions (created after accounts' signal ran) are included.
    grant_moderator_permissions()
    actor = services.add_actor(dossier=dossier, by=contributor, name="Thales")
    client.force_login(moderator)
    url = reverse("admin:facts_actor_changelist")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"action": "lock_facts", "_selected_action": [actor.pk]}
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.locked
    assert services.fact_revisions(actor).first().editor == moderator
    # The change page shows the fact without a way to edit it in place.
    page = client.get(reverse("admin:facts_actor_change", args=[actor.pk]))
    assert page.status_code == 200
    assert 'name="name"' not in page.text


def test_contributor_has_no_admin(client, contributor):
    client.force_login(contributor)
    response = client.get(reverse("admin:facts_actor_changelist"))
    assert response.status_code == 302
    assert Actor.objects.count() == 0
