import re

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import SECTION_TEXT_MAX_LENGTH, Dossier, SectionDraft
from tests.dossiers.conftest import make_dossier

HX = {"HTTP_HX_REQUEST": "true"}


def edit_url(section):
    return reverse("section-edit", args=[section.dossier.slug, section.pk])


def post_edit(client, section, text, *, base=None, htmx=False, **extra):
    data = {
        "title": extra.pop("title", section.title),
        "text": text,
        "summary": "",
        "base_revision": (base or section.current_revision).pk,
        "action": "save",
        **extra,
    }
    return client.post(edit_url(section), data, **(HX if htmx else {}))


# --- list and detail --------------------------------------------------------


def test_dossier_list_filters_by_kind_and_hides_drafts_from_anonymous(
    client, contributor
):
    make_dossier(contributor, title="Reims")
    make_dossier(contributor, title="Thales", kind="vendor")
    make_dossier(contributor, title="Brouillon secret", status="draft")
    response = client.get(reverse("dossier-list"), {"kind": "city"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Reims" in content and "Thales" not in content
    assert (
        "Brouillon secret" not in client.get(reverse("dossier-list")).content.decode()
    )
    client.force_login(contributor)
    assert "Brouillon secret" in client.get(reverse("dossier-list")).content.decode()


def test_dossier_detail_shows_toc_anchors_contributors(
    client, dossier, other_contributor
):
    section = dossier.sections.get(anchor="programme-2020")
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Revu.",
        base_revision=section.current_revision,
    )
    response = client.get(dossier.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#programme-2020"' in content
    assert 'id="programme-2020"' in content
    assert "kanopai" in content and "css" in content  # contributors
    assert "dossiers/_dossier_extras.html" not in content
    assert response.headers["Vary"].count("HX-Request") == 1


def test_dossier_detail_query_count_does_not_grow_with_sections(
    client, contributor, django_assert_max_num_queries
):
    small = make_dossier(contributor, title="Petit", sections=[("A", "a")])
    big = make_dossier(
        contributor,
        title="Grand",
        sections=[(f"S{i}", f"texte {i}") for i in range(30)],
    )
    client.force_login(contributor)
    with django_assert_max_num_queries(30) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(small_queries)):
        client.get(big.get_absolute_url())


def test_dossier_list_query_count_is_constant(
    client, contributor, django_assert_max_num_queries
):
    for i in range(15):
        make_dossier(contributor, title=f"Ville {i}", sections=[("A", "a")])
    with django_assert_max_num_queries(4):
        client.get(reverse("dossier-list"))


def test_unknown_dossier_is_404(client, db):
    assert client.get("/dossiers/nulle-part/").status_code == 404


def test_draft_dossier_is_404_for_anonymous(client, draft_dossier, contributor):
    assert client.get(draft_dossier.get_absolute_url()).status_code == 404
    client.force_login(contributor)
    assert client.get(draft_dossier.get_absolute_url()).status_code == 200


# --- create ---------------------------------------------------------------------


def test_dossier_create(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("dossier-create"),
        {
            "title": "Reims",
            "kind": "city",
            "status": "published",
            "place": "Reims",
            "latitude": "49.2583",
            "longitude": "4.0317",
            "summary": "Vidéosurveillance.",
        },
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == dossier.get_absolute_url()
    assert str(dossier.latitude) == "49.258300"


def test_dossier_create_bad_coordinates_keeps_input(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("dossier-create"),
        {"title": "Reims", "kind": "city", "status": "draft", "latitude": "49.2"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="Reims"' in content
    assert "Indiquez la latitude et la longitude" in content
    assert not Dossier.objects.exists()


def test_dossier_create_requires_login(client, db):
    response = client.get(reverse("dossier-create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert client.post(reverse("dossier-create"), {"title": "x"}).status_code == 403


# --- inline edit --------------------------------------------------------------------


def test_section_edit_htmx_returns_form_partial(client, section, contributor):
    client.force_login(contributor)
    response = client.get(edit_url(section), **HX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'name="base_revision"' in content
    assert f'value="{section.current_revision.pk}"' in content


def test_section_edit_without_js_is_a_page(client, section, contributor):
    client.force_login(contributor)
    response = client.get(edit_url(section))
    assert "<html" in response.content.decode()


def test_section_save_htmx_swaps_rendered_section(client, section, contributor):
    client.force_login(contributor)
    response = post_edit(client, section, "**Nouveau** texte.", htmx=True)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Nouveau</strong>" in content
    assert 'class="dossier-section' in content


def test_section_save_without_js_redirects_to_anchor(client, section, contributor):
    client.force_login(contributor)
    response = post_edit(client, section, "Nouveau.")
    assert response.status_code == 302
    assert response.url.endswith("#programme-2020")


def test_section_preview_without_js(client, section, contributor):
    client.force_login(contributor)
    response = post_edit(client, section, "*aperçu*", action="preview")
    assert response.status_code == 200
    assert "<em>aperçu</em>" in response.content.decode()
    section.refresh_from_db()
    assert section.version == 1


def test_section_preview_htmx(client, section, contributor):
    client.force_login(contributor)
    url = reverse("section-preview", args=[section.dossier.slug, section.pk])
    response = client.post(url, {"text": "# Titre"}, **HX)
    assert "<h1>Titre</h1>" in response.content.decode()


def test_section_save_merged_tells_the_user(
    client, section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Premier paragraphe, revu.\n\nDeuxième paragraphe.",
        base_revision=base,
    )
    client.force_login(contributor)
    response = post_edit(
        client,
        section,
        "Premier paragraphe.\n\nDeuxième paragraphe, complété.",
        base=base,
        htmx=True,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "fusionn" in content  # "fusionnées" in French
    assert "revu" in content and "complété" in content


def test_section_save_conflict_shows_both_versions_and_keeps_text(
    client, section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Leur texte.",
        base_revision=base,
    )
    client.force_login(contributor)
    response = post_edit(client, section, "Mon texte.", base=base, htmx=True)
    content = response.content.decode()
    assert response.status_code == 409
    assert "Leur texte." in content and "Mon texte." in content
    # For people, not programmers: no conflict markers anywhere.
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt;" not in content
    assert "&gt;&gt;&gt;&gt;&gt;&gt;&gt;" not in content
    draft = SectionDraft.objects.get(kind="conflict")
    assert draft.text == "Mon texte."
    # Without JavaScript: a redirect to the conflict page, which shows the same.
    response = post_edit(client, section, "Mon autre texte.", base=base)
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Mon autre texte." in page.content.decode()


def test_section_save_with_markers_is_refused(client, section, contributor):
    client.force_login(contributor)
    text = "<<<<<<< votre version\na\n=======\nb\n>>>>>>> version 2"
    response = post_edit(client, section, text, htmx=True)
    assert response.status_code == 400
    assert "marqueurs" in response.content.decode()


def test_section_save_oversized_text_is_400_and_keeps_text(
    client, section, contributor
):
    client.force_login(contributor)
    text = "mot " * (SECTION_TEXT_MAX_LENGTH // 4 + 1)
    response = post_edit(client, section, text, htmx=True)
    assert response.status_code == 400
    content = response.content.decode()
    assert str(SECTION_TEXT_MAX_LENGTH) in content.replace("\u202f", "").replace(
        " ", ""
    )
    assert "mot mot mot" in content


def test_section_save_forged_base_is_400(client, dossier, section, contributor):
    other = dossier.sections.exclude(pk=section.pk).get()
    client.force_login(contributor)
    response = post_edit(client, section, "Texte gardé.", base=other.current_revision)
    assert response.status_code == 400
    assert "Texte gardé." in response.content.decode()
    response = client.post(
        edit_url(section), {"title": "t", "text": "x", "base_revision": "999999"}
    )
    assert response.status_code == 400


def test_section_save_locked_is_403_and_keeps_text(
    client, section, contributor, moderator
):
    services.set_section_locked(section, moderator=moderator, locked=True)
    client.force_login(contributor)
    response = post_edit(client, section, "Texte gardé.")
    assert response.status_code == 403
    assert "Texte gardé." in response.content.decode()
    assert client.get(edit_url(section)).status_code == 403


def test_section_save_removed_is_403_and_keeps_text(client, section, contributor):
    base = section.current_revision
    services.remove_section(section, editor=contributor)
    client.force_login(contributor)
    response = post_edit(client, section, "Texte gardé.", base=base)
    assert response.status_code == 403
    assert "Texte gardé." in response.content.decode()


def test_section_autosave_and_restore(client, section, contributor):
    client.force_login(contributor)
    url = reverse("section-autosave", args=[section.dossier.slug, section.pk])
    response = client.post(
        url,
        {
            "title": section.title,
            "text": "Pas fini",
            "base_revision": section.current_revision.pk,
        },
        **HX,
    )
    assert response.status_code == 200
    assert SectionDraft.objects.get().text == "Pas fini"
    form = client.get(edit_url(section)).content.decode()
    assert "Pas fini" in form
    # The dossier page lists the draft.
    assert (
        "Brouillon" in client.get(section.dossier.get_absolute_url()).content.decode()
    )


def test_section_add_htmx(client, dossier, contributor):
    client.force_login(contributor)
    url = reverse("section-add", args=[dossier.slug])
    assert client.get(url, **HX).status_code == 200
    response = client.post(url, {"title": "Chiffres", "text": "225 caméras"}, **HX)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="chiffres"' in content
    assert 'hx-swap-oob="true"' in content
    assert dossier.sections.count() == 3


def test_section_move_and_remove_without_js(client, dossier, contributor, moderator):
    first, second = dossier.sections.order_by("position")
    client.force_login(contributor)
    url = reverse("section-move", args=[dossier.slug, second.pk])
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert list(dossier.sections.order_by("position")) == [second, first]
    history = client.get(reverse("dossier-history", args=[dossier.slug]))
    assert "Déplacée vers le haut" in history.content.decode()
    url = reverse("section-remove", args=[dossier.slug, first.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"summary": "doublon"}).status_code == 302
    first.refresh_from_db()
    assert first.removed
    assert first.title not in client.get(dossier.get_absolute_url()).content.decode()
    client.force_login(moderator)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Sections retirées" in page
    url = reverse("section-restore", args=[dossier.slug, first.pk])
    assert client.post(url).status_code == 302
    first.refresh_from_db()
    assert not first.removed


# --- history, diff, revert, hide ----------------------------------------------------


def test_history_diff_and_revert(client, section, contributor, other_contributor):
    first = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Premier paragraphe vandalisé.\n\nDeuxième paragraphe.",
        base_revision=first,
    )
    client.force_login(contributor)
    slug = section.dossier.slug
    history = client.get(reverse("section-history", args=[slug, section.pk]))
    assert history.status_code == 200
    assert "css" in history.content.decode()
    diff = client.get(
        reverse("section-diff", args=[slug, section.pk]), {"from": 1, "to": 2}
    )
    content = diff.content.decode()
    assert "vandalisé</ins>" in content
    assert client.get(reverse("dossier-history", args=[slug])).status_code == 200
    url = reverse("revision-revert", args=[slug, section.pk, 1])
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == first.text
    assert section.current_revision.action == "revert"


def test_revision_revert_asks_for_confirmation(
    client, section, contributor, other_contributor
):
    first = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Texte vandalisé.",
        base_revision=first,
    )
    client.force_login(contributor)
    slug = section.dossier.slug
    history = client.get(reverse("section-history", args=[slug, section.pk]))
    url = reverse("revision-revert", args=[slug, section.pk, 1])
    # The history links to a page that says what the revert changes.
    assert f'href="{url}"' in history.content.decode()
    page = client.get(url)
    content = page.content.decode()
    assert "vandalisé</del>" in content
    assert 'name="confirm" value="yes"' in content
    # A post without the confirmation (an old form, a stray click) changes
    # nothing and shows the same page.
    response = client.post(url)
    assert response.status_code == 200
    assert "vandalisé</del>" in response.content.decode()
    section.refresh_from_db()
    assert (section.version, section.text) == (2, "Texte vandalisé.")
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.version, section.text) == (3, first.text)


def test_diff_bad_numbers(client, section):
    url = reverse("section-diff", args=[section.dossier.slug, section.pk])
    assert client.get(url, {"from": "x"}).status_code == 400
    assert client.get(url, {"from": 1, "to": 99}).status_code == 404


def test_hidden_revision_kept_for_moderators(client, section, contributor, moderator):
    first = section.current_revision
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Suite.",
        base_revision=first,
    )
    slug = section.dossier.slug
    client.force_login(moderator)
    url = reverse("revision-hide", args=[slug, section.pk, 1])
    assert client.post(url, {"hidden": "1"}).status_code == 302
    detail = reverse("revision-detail", args=[slug, section.pk, 1])
    assert client.get(detail).status_code == 200
    client.force_login(contributor)
    assert client.get(detail).status_code == 404
    assert client.post(url, {"hidden": "0"}).status_code == 403


def test_watch_dossier_and_notification(
    client, section, other_contributor, contributor
):
    client.force_login(other_contributor)
    url = reverse("dossier-watch", args=[section.dossier.slug])
    response = client.post(url, {"watch": "1"}, **HX)
    assert response.status_code == 200
    assert "Ne plus suivre" in response.content.decode()
    client.force_login(contributor)
    post_edit(client, section, "Changé.")
    from notifications.models import Notification

    assert Notification.objects.filter(recipient=other_contributor).count() == 1


# --- permissions per URL and role ---------------------------------------------------

ANONYMOUS, CONTRIBUTOR, OTHER, MODERATOR, SUSPENDED = (
    "anonymous",
    "contributor",
    "other",
    "moderator",
    "suspended",
)


def _login(client, role, users):
    if role != ANONYMOUS:
        client.force_login(users[role])


@pytest.fixture
def users(contributor, other_contributor, moderator, suspended):
    return {
        CONTRIBUTOR: contributor,
        OTHER: other_contributor,
        MODERATOR: moderator,
        SUSPENDED: suspended,
    }


READS = [
    "dossier-detail",
    "dossier-history",
    "section-history",
    "section-diff",
    "revision-detail",
]


@pytest.mark.parametrize("role", [ANONYMOUS, CONTRIBUTOR, OTHER, MODERATOR, SUSPENDED])
@pytest.mark.parametrize("name", READS)
def test_reads_of_published_dossier_are_public(
    client, dossier, section, users, role, name
):
    _login(client, role, users)
    args = {
        "dossier-detail": [dossier.slug],
        "dossier-history": [dossier.slug],
        "section-history": [dossier.slug, section.pk],
        "section-diff": [dossier.slug, section.pk],
        "revision-detail": [dossier.slug, section.pk, 1],
    }[name]
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (ANONYMOUS, 404),
        (SUSPENDED, 404),
        (CONTRIBUTOR, 200),
        (OTHER, 200),
        (MODERATOR, 200),
    ],
)
def test_draft_dossier_visible_to_signed_in_contributors(
    client, draft_dossier, users, role, status
):
    _login(client, role, users)
    assert client.get(draft_dossier.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (ANONYMOUS, 403),
        (SUSPENDED, 403),
        (CONTRIBUTOR, 302),
        (OTHER, 302),
        (MODERATOR, 302),
    ],
)
def test_section_save_per_role(client, section, users, role, status):
    _login(client, role, users)
    assert post_edit(client, section, "Par rôle.").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (ANONYMOUS, 302),
        (SUSPENDED, 302),
        (CONTRIBUTOR, 200),
        (OTHER, 200),
        (MODERATOR, 200),
    ],
)
def test_edit_forms_per_role(client, dossier, section, users, role, status):
    _login(client, role, users)
    for url in (
        edit_url(section),
        reverse("section-add", args=[dossier.slug]),
        reverse("section-remove", args=[dossier.slug, section.pk]),
        reverse("dossier-edit", args=[dossier.slug]),
        reverse("dossier-create"),
    ):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (ANONYMOUS, 403),
        (SUSPENDED, 403),
        (CONTRIBUTOR, 403),
        (OTHER, 403),
        (MODERATOR, 302),
    ],
)
def test_moderation_per_role(client, dossier, section, users, role, status):
    _login(client, role, users)
    assert (
        client.post(
            reverse("dossier-lock", args=[dossier.slug]), {"locked": "1"}
        ).status_code
        == status
    )
    assert (
        client.post(
            reverse("section-lock", args=[dossier.slug, section.pk]), {"locked": "1"}
        ).status_code
        == status
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [(CONTRIBUTOR, 403), (OTHER, 403), (MODERATOR, 302)],
)
def test_locked_dossier_edit_per_role(
    client, dossier, section, users, moderator, role, status
):
    services.set_dossier_locked(dossier, moderator=moderator, locked=True)
    _login(client, role, users)
    assert post_edit(client, section, "Verrou.").status_code == status


def test_get_never_changes_state(client, section, contributor):
    client.force_login(contributor)
    slug = section.dossier.slug
    for name in ("section-autosave", "section-move", "section-restore"):
        assert client.get(reverse(name, args=[slug, section.pk])).status_code == 405
    # A revert's GET is its confirmation page.
    url = reverse("revision-revert", args=[slug, section.pk, 1])
    assert client.get(url).status_code == 200
    section.refresh_from_db()
    assert section.version == 1


def test_other_users_conflict_draft_is_404(
    client, section, contributor, other_contributor
):
    base = section.current_revision
    services.save_section(
        section, editor=contributor, title="t", text="a", base_revision=base
    )
    result = services.save_section(
        section, editor=other_contributor, title="t", text="b", base_revision=base
    )
    client.force_login(contributor)
    url = reverse(
        "section-conflict", args=[section.dossier.slug, section.pk, result.draft.pk]
    )
    assert client.get(url).status_code == 404


def test_dossier_edit_updates_description(client, dossier, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("dossier-edit", args=[dossier.slug]),
        {
            "title": "Reims (Marne)",
            "kind": "city",
            "status": "published",
            "summary": "Neuf.",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.title, dossier.slug, dossier.summary) == (
        "Reims (Marne)",
        "reims",
        "Neuf.",
    )
    assert dossier.last_editor == other_contributor


def test_home_lists_recent_dossiers(client, dossier, draft_dossier):
    content = client.get("/").content.decode()
    assert dossier.get_absolute_url() in content
    assert draft_dossier.get_absolute_url() not in content


def test_dossier_history_hides_hidden_revisions_from_contributors(
    client, section, contributor, moderator
):
    first = section.current_revision
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Injure.",
        base_revision=first,
    )
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Propre.",
        base_revision=section.current_revision,
    )
    vandal = section.revisions.get(number=2)
    services.set_revision_hidden(vandal, moderator=moderator, hidden=True)
    url = reverse("section-history", args=[section.dossier.slug, section.pk])
    assert (
        "Injure"
        not in client.get(
            reverse("dossier-history", args=[section.dossier.slug])
        ).content.decode()
    )
    assert 'id="revision-2"' not in client.get(url).content.decode()
    client.force_login(moderator)
    assert 'id="revision-2"' in client.get(url).content.decode()
    diff = reverse("section-diff", args=[section.dossier.slug, section.pk])
    assert client.get(diff, {"from": 1, "to": 2}).status_code == 200
    client.logout()
    assert client.get(diff, {"from": 1, "to": 2}).status_code == 404


def test_section_remove_and_move_htmx(client, dossier, contributor):
    first, second = dossier.sections.order_by("position")
    client.force_login(contributor)
    move = reverse("section-move", args=[dossier.slug, second.pk])
    response = client.post(move, {"direction": "up"}, **HX)
    content = response.content.decode()
    assert 'id="dossier-sections"' in content
    assert content.index('id="experimentation-savari"') < content.index(
        'id="programme-2020"'
    )
    remove = reverse("section-remove", args=[dossier.slug, first.pk])
    form = client.get(remove, **HX).content.decode()
    assert "<html" not in form and 'name="summary"' in form
    response = client.post(remove, {"summary": "doublon"}, **HX)
    content = response.content.decode()
    assert "modérateur peut la restaurer" in content
    assert 'hx-swap-oob="true"' in content
    first.refresh_from_db()
    assert first.removed
    assert first.current_revision.summary == "doublon"


def test_history_of_removed_section_stays_readable(client, section, contributor):
    services.remove_section(section, editor=contributor)
    url = reverse("section-history", args=[section.dossier.slug, section.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "retirée" in response.content.decode()


def test_save_draft_button_without_js(client, section, contributor):
    client.force_login(contributor)
    url = reverse("section-autosave", args=[section.dossier.slug, section.pk])
    response = client.post(
        url,
        {
            "title": section.title,
            "text": "Plus tard",
            "base_revision": section.current_revision.pk,
        },
    )
    assert response.status_code == 302
    assert response.url == edit_url(section)
    assert SectionDraft.objects.get(user=contributor).text == "Plus tard"


WRITES = [
    ("section-preview", {"text": "x"}),
    ("section-autosave", {"title": "t", "text": "x"}),
    ("section-move", {"direction": "up"}),
    ("section-restore", {}),
    ("revision-revert", {"confirm": "yes"}),
    ("revision-hide", {"hidden": "1"}),
    ("dossier-watch", {"watch": "1"}),
]


def _write_url(name, dossier, section):
    if name == "dossier-watch":
        return reverse(name, args=[dossier.slug])
    if name.startswith("revision-"):
        return reverse(name, args=[dossier.slug, section.pk, 1])
    return reverse(name, args=[dossier.slug, section.pk])


@pytest.mark.parametrize("role", [ANONYMOUS, SUSPENDED])
@pytest.mark.parametrize(("name", "data"), WRITES)
def test_writes_refused_to_anonymous_and_suspended(
    client, dossier, section, users, role, name, data
):
    _login(client, role, users)
    response = client.post(_write_url(name, dossier, section), data)
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.version == 1


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("section-preview", {"text": "x"}, 200),
        ("section-autosave", {"title": "t", "text": "x"}, 302),
        ("section-move", {"direction": "up"}, 302),
        ("section-restore", {}, 403),
        ("revision-hide", {"hidden": "1"}, 403),
        ("dossier-watch", {"watch": "1"}, 302),
    ],
)
def test_writes_of_another_contributor(
    client, dossier, section, users, name, data, status
):
    _login(client, OTHER, users)
    assert client.post(_write_url(name, dossier, section), data).status_code == status


def test_writes_without_csrf_token_are_refused(dossier, section, contributor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    assert post_edit(client, section, "Sans jeton.").status_code == 403


def test_section_add_without_js(client, dossier, contributor):
    client.force_login(contributor)
    url = reverse("section-add", args=[dossier.slug])
    page = client.get(url)
    assert "<html" in page.content.decode()
    response = client.post(url, {"title": "Chiffres", "text": "245 caméras"})
    assert response.status_code == 302
    assert response.url.endswith("#chiffres")
    response = client.post(url, {"title": "", "text": "Texte gardé"})
    assert response.status_code == 400
    assert "Texte gardé" in response.content.decode()


def test_conflict_resolved_without_js(client, section, contributor, other_contributor):
    base = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text="Leur texte.",
        base_revision=base,
    )
    client.force_login(contributor)
    response = post_edit(client, section, "Mon texte.", base=base)
    page = client.get(response.url)
    form = page.context["form"]
    assert form.initial["base_revision"] == section.revisions.get(number=2).pk
    response = post_edit(
        client,
        section,
        "Leur texte et le mien.",
        base=section.revisions.get(number=2),
        conflict_draft=form.initial["conflict_draft"],
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "Leur texte et le mien."
    assert not SectionDraft.objects.exists()


def test_dossier_description_edit_over_a_newer_one_keeps_both(client, contributor):
    from dossiers import services as dossier_services
    from dossiers.models import Dossier as DossierModel
    from tests.factories import make_user

    dossier = dossier_services.create_dossier(
        author=contributor,
        title="Reims",
        kind=DossierModel.Kind.CITY,
        summary="Vidéoprotection à Reims.",
    )
    client.force_login(contributor)
    url = f"/dossiers/{dossier.slug}/edit/"
    form_html = client.get(url).content.decode()
    base = re.search(r'name="base_version" value="([^"]+)"', form_html).group(1)

    # Someone else saves first.
    other = make_user("felix")
    dossier_services.update_dossier(
        DossierModel.objects.get(pk=dossier.pk),
        editor=other,
        title="Reims",
        kind="city",
        summary="Version de Felix.",
        status="draft",
    )
    fields = {
        "title": "Reims",
        "kind": "city",
        "status": "draft",
        "place": "",
        "latitude": "",
        "longitude": "",
        "summary": "Ma version à moi.",
        "base_version": base,
    }
    response = client.post(url, fields)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Ma version à moi." in html  # what I typed is kept
    assert "Version de Felix." in html  # theirs is shown beside it
    assert DossierModel.objects.get(pk=dossier.pk).summary == "Version de Felix."

    # Saving again from the form as it came back goes through.
    new_base = re.search(r'name="base_version" value="([^"]+)"', html).group(1)
    response = client.post(url, {**fields, "base_version": new_base})
    assert response.status_code == 302
    assert DossierModel.objects.get(pk=dossier.pk).summary == "Ma version à moi."


def test_dossier_description_edits_of_different_fields_are_merged(
    client, contributor, other_contributor
):
    from dossiers import services as dossier_services
    from dossiers.models import Dossier as DossierModel

    dossier = dossier_services.create_dossier(
        author=contributor, title="Reims", kind="city", summary="Vidéoprotection."
    )
    client.force_login(contributor)
    url = f"/dossiers/{dossier.slug}/edit/"
    form_html = client.get(url).content.decode()
    assert 'name="base_version" value="1"' in form_html
    dossier_services.update_dossier(
        DossierModel.objects.get(pk=dossier.pk),
        editor=other_contributor,
        title="Reims (Marne)",
        kind="city",
        summary="Vidéoprotection.",
        status="draft",
        base_version=1,
    )
    response = client.post(
        url,
        {
            "title": "Reims",
            "kind": "city",
            "status": "draft",
            "place": "Reims",
            "latitude": "",
            "longitude": "",
            "summary": "Vidéoprotection.",
            "base_version": "1",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.title, dossier.place, dossier.version) == (
        "Reims (Marne)",
        "Reims",
        3,
    )


def test_dossier_edit_with_a_damaged_base_version_keeps_the_form(client, contributor):
    from dossiers import services as dossier_services

    dossier = dossier_services.create_dossier(
        author=contributor, title="Reims", kind="city"
    )
    client.force_login(contributor)
    response = client.post(
        f"/dossiers/{dossier.slug}/edit/",
        {
            "title": "Reims, Marne",
            "kind": "city",
            "status": "draft",
            "summary": "",
            "base_version": "abc",
        },
    )
    assert response.status_code == 400
    assert "Reims, Marne" in response.content.decode()
    assert "recharg" in response.content.decode()  # "rechargez la page"
