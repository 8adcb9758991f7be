"""The section editor as a person meets it: footnotes after an inline save,
the preview, the conflict view and its per-passage choices, and coming back
to a conflict through "Edit"."""

import re

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import SectionDraft
from sources.models import Source
from tests.dossiers.test_views import HX, edit_url, post_edit


@pytest.fixture
def sources(db):
    return [
        Source.objects.create(key="streetpress-2023-01-26", title="StreetPress"),
        Source.objects.create(key="conseil-2023-01-30", title="Conseil municipal"),
    ]


def footnotes(html: str) -> list[str]:
    return re.findall(r'class="citation-ref" href="#ref-([\w-]+)">\[(\d+)\]', html)


def test_inline_save_shows_footnotes_numbered_as_a_reload(
    client, dossier, section, contributor, sources
):
    later = dossier.sections.exclude(pk=section.pk).get()
    services.save_section(
        later,
        editor=contributor,
        title=later.title,
        text="Thales teste un logiciel [@conseil-2023-01-30, 22:50].",
        base_revision=later.current_revision,
    )
    client.force_login(contributor)
    response = post_edit(
        client, section, "Le maire l'annonce [@streetpress-2023-01-26].", htmx=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    # No raw key: numbers, as the page after a reload.
    assert "[streetpress-2023-01-26]" not in content
    assert ("streetpress-2023-01-26", "1") in footnotes(content)
    # The section saved first now cites the source numbered 1: the other
    # section's footnote becomes 2, and the references follow, out of band.
    assert ("conseil-2023-01-30", "2") in footnotes(content)
    assert re.search(r'id="dossier-references" (data-)?hx-swap-oob="true"', content)
    assert "Section enregistrée." in content
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert footnotes(page) == [
        ("streetpress-2023-01-26", "1"),
        ("conseil-2023-01-30", "2"),
    ]


def test_cancel_shows_numbered_footnotes(client, section, contributor, sources):
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Annoncé [@streetpress-2023-01-26, p. 3].",
        base_revision=section.current_revision,
    )
    client.force_login(contributor)
    url = reverse("section-detail", args=[section.dossier.slug, section.pk])
    content = client.get(url, **HX).content.decode()
    assert footnotes(content) == [("streetpress-2023-01-26", "1")]
    assert "[streetpress-2023-01-26]" not in content


def test_preview_numbers_citations_with_the_page(
    client, dossier, section, contributor, sources
):
    later = dossier.sections.exclude(pk=section.pk).get()
    client.force_login(contributor)
    url = reverse("section-preview", args=[dossier.slug, later.pk])
    services.save_section(
        section,
        editor=contributor,
        title=section.title,
        text="Premier [@conseil-2023-01-30].",
        base_revision=section.current_revision,
    )
    text = "Voir [@streetpress-2023-01-26, p. 3] et [@conseil-2023-01-30]."
    content = client.post(url, {"text": text}, **HX).content.decode()
    # Numbered as the page will number them: the earlier section cites
    # the council first.
    assert footnotes(content) == [
        ("streetpress-2023-01-26", "2"),
        ("conseil-2023-01-30", "1"),
    ]
    assert "p. 3" in content and "StreetPress" in content


def test_editor_explains_citations_and_offers_the_cite_dialog(
    client, section, contributor
):
    client.force_login(contributor)
    content = client.get(edit_url(section)).content.decode()
    assert "[@clé, p. 3]" in content  # the help under the field
    assert 'class="cite-dialog"' in content
    assert reverse("source-picker") in content
    assert reverse("guide") in content


def _conflict(section, contributor, other_contributor, mine, theirs):
    base = section.current_revision
    services.save_section(
        section,
        editor=other_contributor,
        title=section.title,
        text=theirs,
        base_revision=base,
    )
    return services.save_section(
        section, editor=contributor, title=section.title, text=mine, base_revision=base
    )


TWO_PASSAGES = (
    "Mon premier.\n\nDeuxième paragraphe.\n\nMa fin.",
    "Leur premier.\n\nDeuxième paragraphe.\n\nLeur fin.",
)


def test_conflict_shows_no_markers_and_both_versions(
    client, section, contributor, other_contributor
):
    section.current_revision.text = "Premier.\n\nDeuxième paragraphe.\n\nFin."
    _conflict(section, contributor, other_contributor, *TWO_PASSAGES)
    client.force_login(contributor)
    response = post_edit(
        client, section, "Encore moi.", base=section.revisions.get(number=1), htmx=True
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt;" not in content
    assert "=======" not in content
    assert "<mark>" in content  # the differences, highlighted
    assert "Garder ma version" in content and 'value="theirs"' in content
    # My text, whole, in a visible field, and a button that puts it back.
    assert re.search(r"<textarea[^>]*readonly>Encore moi\.</textarea>", content)
    assert 'name="action" value="restore"' in content


def test_conflict_resolved_per_passage_without_javascript(
    client, dossier, contributor, other_contributor
):
    section = services.add_section(
        dossier,
        editor=contributor,
        title="Chiffres",
        text="Premier.\n\nDeuxième paragraphe.\n\nFin.",
    )
    result = _conflict(section, contributor, other_contributor, *TWO_PASSAGES)
    section.refresh_from_db()
    client.force_login(contributor)
    page = client.get(
        reverse("section-conflict", args=[dossier.slug, section.pk, result.draft.pk])
    )
    form = page.context["form"]
    # The merged draft starts from my version of each passage.
    assert form.initial["text"] == TWO_PASSAGES[0]
    assert form.initial["draft_choices"] == "mine,mine"
    data = {
        "title": section.title,
        "text": form.initial["text"],
        "summary": "",
        "base_revision": form.initial["base_revision"],
        "conflict_draft": form.initial["conflict_draft"],
        "draft_choices": form.initial["draft_choices"],
        "block-1": "mine",
        "block-2": "theirs",
    }
    # "Apply my choices" shows the merged text without saving it.
    shown = client.post(edit_url(section), {**data, "action": "preview"})
    assert shown.status_code == 200
    expected = "Mon premier.\n\nDeuxième paragraphe.\n\nLeur fin."
    assert shown.context["form"].initial["text"] == expected
    section.refresh_from_db()
    assert section.version == 2
    # Saving with the radio buttons alone settles the passages on the server.
    response = client.post(edit_url(section), {**data, "action": "save"})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == expected
    assert not SectionDraft.objects.filter(section=section).exists()


def test_conflict_text_edited_by_hand_is_saved_as_written(
    client, dossier, contributor, other_contributor
):
    section = services.add_section(
        dossier, editor=contributor, title="Chiffres", text="Premier."
    )
    result = _conflict(section, contributor, other_contributor, "Mien.", "Leur.")
    section.refresh_from_db()
    client.force_login(contributor)
    response = post_edit(
        client,
        section,
        "Mien et leur.",
        conflict_draft=result.draft.pk,
        draft_choices="mine",
        **{"block-1": "theirs"},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "Mien et leur."


def test_restore_puts_my_text_back_without_javascript(
    client, dossier, contributor, other_contributor
):
    section = services.add_section(
        dossier, editor=contributor, title="Chiffres", text="A.\n\nB."
    )
    result = _conflict(
        section, contributor, other_contributor, "A1.\n\nB1.", "A2.\n\nB."
    )
    section.refresh_from_db()
    client.force_login(contributor)
    response = post_edit(
        client,
        section,
        "Autre chose.",
        conflict_draft=result.draft.pk,
        action="restore",
    )
    assert response.status_code == 200
    assert response.context["form"].initial["text"] == "A1.\n\nB1."
    section.refresh_from_db()
    assert section.version == 2


def test_edit_after_a_conflict_brings_back_the_kept_text(
    client, section, contributor, other_contributor
):
    _conflict(
        section, contributor, other_contributor, "Mon texte gardé.", "Leur texte."
    )
    client.force_login(contributor)
    for headers in ({}, HX):
        response = client.get(edit_url(section), **headers)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Mon texte gardé." in content and "Leur texte." in content
        assert response.context["form"].initial["text"] == "Mon texte gardé."
    # Someone else's "Edit" is not theirs to see.
    client.force_login(other_contributor)
    assert "Mon texte gardé." not in client.get(edit_url(section)).content.decode()


def test_added_section_shows_numbered_footnotes(client, dossier, contributor, sources):
    client.force_login(contributor)
    add = client.get(reverse("section-add", args=[dossier.slug]))
    response = client.post(
        reverse("section-add", args=[dossier.slug]),
        {
            "title": "Chiffres",
            "text": "225 caméras [@conseil-2023-01-30, 22:50].",
            "summary": "",
            "submission": add.context["add_form"]["submission"].value(),
        },
        **HX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert footnotes(content) == [("conseil-2023-01-30", "1")]
    assert "[conseil-2023-01-30]" not in content


def test_editor_help_is_in_the_readers_language(client, section, contributor):
    client.force_login(contributor)
    client.cookies["django_language"] = "en"
    english = client.get(edit_url(section)).content.decode()
    # The limit is written as each language writes numbers.
    assert "At most 100,000 characters." in english
    client.cookies["django_language"] = "fr"
    french = client.get(edit_url(section)).content.decode()
    assert "100\N{NO-BREAK SPACE}000 caractères au plus." in french
    assert "100000" not in french
