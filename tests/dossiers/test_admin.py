import pytest
from django.urls import reverse

from dossiers import services


@pytest.mark.parametrize("model", ["dossier", "section", "sectionrevision"])
def test_moderator_sees_dossiers_in_admin(client, moderator, dossier, model):
    client.force_login(moderator)
    response = client.get(reverse(f"admin:dossiers_{model}_changelist"))
    assert response.status_code == 200


def test_admin_action_restores_removed_section(client, moderator, section, contributor):
    services.remove_section(section, editor=contributor)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:dossiers_section_changelist"),
        {"action": "restore", "_selected_action": [section.pk]},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert not section.removed
    assert section.current_revision.editor == moderator


def test_admin_locks_a_dossier_but_leaves_its_description_alone(
    client, moderator, dossier
):
    client.force_login(moderator)
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    form = client.get(url).content.decode()
    assert 'name="title"' not in form  # edited on the dossier page
    response = client.post(url, {"locked": "on", "title": "Vandalisé"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.locked
    assert dossier.title == "Reims"
    assert client.get(reverse("admin:dossiers_dossier_add")).status_code == 403


def test_admin_lock_of_a_section_keeps_a_newer_text(
    rf, moderator, section, contributor
):
    """The change page loaded before an edit must not write the old text back."""
    from django.contrib import admin

    from dossiers.models import Section

    stale = Section.objects.get(pk=section.pk)
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Un texte plus récent.",
        base_revision=section.current_revision,
    )
    model_admin = admin.site.get_model_admin(Section)
    request = rf.post("/")
    request.user = moderator
    form = model_admin.get_form(request, stale)({"locked": "on"}, instance=stale)
    assert form.is_valid()

    model_admin.save_model(request, stale, form, change=True)

    section.refresh_from_db()
    assert section.locked
    assert section.text == "Un texte plus récent."
