"""The section editor in a real browser: the toolbar's cite dialog, footnotes
after an inline save, the conflict view, and "Edit" after a conflict.

Screenshots of the editor and of a conflict at 1280 and 390 px are written
to $CARRE_SCREENSHOTS (when set), for a person to look at.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from sources.models import Source
from tests.browser.test_dossiers import open_editor, sign_in
from tests.factories import make_user

TEXT = "Premier paragraphe.\n\nDeuxième paragraphe."
SHOTS = os.environ.get("CARRE_SCREENSHOTS", "")


def shoot(page, name, *, full_page=True):
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        path = os.path.join(SHOTS, f"{name}-{width}.png")
        page.screenshot(path=path, full_page=full_page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def reims(db):
    author = make_user("kanopai", display_name="kanopai")
    Source.objects.create(
        key="streetpress-2023-01-26",
        title="À Reims, la mairie teste un logiciel de surveillance",
        publisher="StreetPress",
        url="https://www.streetpress.com/sujet/1674",
    )
    Source.objects.create(
        key="conseil-reims-2023-01-30",
        title="Conseil municipal de Reims du 30 janvier 2023",
        publisher="Ville de Reims",
        kind="video",
    )
    dossier = services.create_dossier(
        author=author, title="Reims", kind="city", status="published"
    )
    services.add_section(dossier, editor=author, title="Programme 2020", text=TEXT)
    services.add_section(
        dossier,
        editor=author,
        title="Expérimentation Savari",
        text="Le coût est débattu au conseil [@conseil-reims-2023-01-30, 22:50].",
    )
    return dossier


def test_toolbar_cites_a_source_through_the_dialog(page, reims):
    sign_in(page, "kanopai")
    page.goto(reims.get_absolute_url())
    textarea = open_editor(page)
    textarea.fill("La mairie teste Savari.")
    textarea.press("End")
    page.get_by_role("button", name="Gras").wait_for()
    page.get_by_role("button", name="Citer une source…").click()
    dialog = page.get_by_role("dialog", name="Citer une source")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Où dans la source").fill("p. 3")
    dialog.get_by_label("Chercher dans la bibliothèque de sources").fill("streetpress")
    pick = dialog.get_by_role("button", name=re.compile("streetpress-2023-01-26"))
    expect(pick).to_be_visible()
    shoot(page, "editor-cite-dialog", full_page=False)
    pick.click()
    expect(dialog).to_be_hidden()
    expect(textarea).to_have_value(
        "La mairie teste Savari. [@streetpress-2023-01-26, p. 3]"
    )
    # The preview numbers it as the page will: first on the page.
    preview = page.locator(".preview")
    expect(preview.locator(".citation-ref")).to_have_text("[1]")
    expect(preview.locator(".preview-references")).to_contain_text("— p. 3")
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_inline_save_shows_numbered_footnotes_without_reload(page, reims):
    sign_in(page, "kanopai")
    page.goto(reims.get_absolute_url())
    later = page.locator("#experimentation-savari")
    expect(later.locator(".citation-ref")).to_have_text("[1]")
    open_editor(page).fill("Promis en 2020 [@streetpress-2023-01-26, p. 3].")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    section = page.locator("#programme-2020")
    expect(section.get_by_role("status")).to_have_text("Section enregistrée.")
    expect(section.locator(".citation-ref")).to_have_text("[1]")
    expect(section.locator(".section-body")).not_to_contain_text("streetpress")
    # The other section and the references are renumbered, as after a reload.
    expect(later.locator(".citation-ref")).to_have_text("[2]")
    references = page.locator("#dossier-references .reference")
    expect(references.first).to_contain_text("StreetPress")
    expect(page).to_have_url(re.compile(r"/dossiers/reims/$"))

    def shown():
        bodies = page.locator("#dossier-sections .section-body").all_inner_texts()
        return bodies, page.locator("#dossier-references").inner_text()

    saved = shown()
    page.reload()
    assert shown() == saved
    assert page.console_errors == []


def test_conflict_view_per_passage_and_edit_brings_back_the_kept_text(
    page, browser, live_server, reims
):
    make_user("css")
    other = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    other.set_default_timeout(10_000)
    try:
        sign_in(page, "kanopai")
        sign_in(other, "css")
        page.goto(reims.get_absolute_url())
        other.goto(reims.get_absolute_url())
        mine = open_editor(page)
        theirs = open_editor(other)
        theirs.fill("Leur premier paragraphe.\n\nDeuxième paragraphe, sourcé.")
        other.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(other.locator("#programme-2020 .section-body")).to_contain_text("Leur")

        mine.fill("Mon premier paragraphe.\n\nDeuxième paragraphe, relu.")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        conflict = page.locator("#programme-2020")
        expect(conflict.get_by_role("heading", level=2)).to_contain_text(
            "Conflit de modification"
        )
        expect(conflict).not_to_contain_text("<<<<<<<")
        expect(conflict).not_to_contain_text(">>>>>>>")
        expect(conflict.locator("mark").first).to_be_visible()
        merged = page.get_by_label("Texte (Markdown)")
        expect(merged).to_have_value(
            "Mon premier paragraphe.\n\nDeuxième paragraphe, relu."
        )
        expect(
            page.get_by_label("Votre texte, tel que vous l'avez écrit")
        ).to_have_value("Mon premier paragraphe.\n\nDeuxième paragraphe, relu.")
        shoot(page, "conflict")

        # Leave, then "Edit" again: the conflict and my text come back.
        page.goto(reims.get_absolute_url())
        expect(page.get_by_text("Votre travail non enregistré")).to_be_visible()
        page.locator("#programme-2020").get_by_role("link", name="Modifier").click()
        merged = page.get_by_label("Texte (Markdown)")
        expect(merged).to_have_value(re.compile("Mon premier paragraphe"))

        # Keep their version of the first passage: the draft follows at once.
        page.get_by_role("group", name="Passage 1").get_by_label(
            "Garder l'autre version"
        ).check()
        expect(merged).to_have_value(re.compile("^Leur premier paragraphe"))
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        body = page.locator("#programme-2020 .section-body")
        expect(body).to_contain_text("Leur premier paragraphe")
        # The conflict's answer is a 409, which the browser logs; nothing else.
        assert [e for e in page.console_errors if "409" not in e] == []
    finally:
        other.context.close()


def test_conflict_resolved_per_passage_without_javascript(browser, live_server, reims):
    section = reims.sections.get(anchor="programme-2020")
    base = section.current_revision
    services.save_section(
        section,
        editor=make_user("css"),
        title=section.title,
        text="Leur premier paragraphe.\n\nDeuxième paragraphe, sourcé.",
        base_revision=base,
    )
    result = services.save_section(
        section,
        editor=base.editor,
        title=section.title,
        text="Mon premier paragraphe.\n\nDeuxième paragraphe, relu.",
        base_revision=base,
    )
    assert result.conflict
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "kanopai")
        page.goto(reims.get_absolute_url())
        page.locator("#programme-2020").get_by_role("link", name="Modifier").click()
        expect(page.get_by_role("heading", level=2).first).to_contain_text(
            "Conflit de modification"
        )
        page.get_by_role("group", name="Passage 1").get_by_label(
            "Garder l'autre version"
        ).check()
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page).to_have_url(re.compile(r"/dossiers/reims/#programme-2020$"))
        section.refresh_from_db()
        assert section.text == "Leur premier paragraphe.\n\nDeuxième paragraphe, relu."
    finally:
        context.close()


def test_revert_asks_for_confirmation(page, reims):
    section = reims.sections.get(anchor="programme-2020")
    services.save_section(
        section,
        editor=make_user("css"),
        title=section.title,
        text="Texte vandalisé.",
        base_revision=section.current_revision,
    )
    sign_in(page, "kanopai")
    page.goto(f"/dossiers/reims/sections/{section.pk}/history/")
    page.get_by_role("link", name="Revenir à cette version…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rétablir la version 1 de « Programme 2020 » ?"
    )
    expect(page.locator(".word-diff")).to_contain_text("vandalisé")
    section.refresh_from_db()
    assert section.version == 2  # nothing happened yet
    shoot(page, "revert-confirmation")
    page.get_by_role("button", name="Rétablir la version 1").click()
    expect(page.locator("#programme-2020 .section-body")).to_contain_text(
        "Premier paragraphe."
    )
    section.refresh_from_db()
    assert section.version == 3
