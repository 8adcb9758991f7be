"""The dossier page in a real browser: inline edit, cancel, concurrent edits."""

import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from tests.factories import PASSWORD, make_user

TEXT = "Premier paragraphe.\n\nDeuxième paragraphe."


@pytest.fixture
def reims(db):
    author = make_user("kanopai", display_name="kanopai")
    dossier = services.create_dossier(
        author=author, title="Reims", kind="city", status="published"
    )
    services.add_section(dossier, editor=author, title="Programme 2020", text=TEXT)
    return dossier


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.locator(".account-name").wait_for()


def open_editor(page):
    section = page.locator("#programme-2020")
    section.get_by_role("link", name="Modifier").click()
    textarea = page.get_by_label("Texte (Markdown)")
    expect(textarea).to_be_visible()
    return textarea


def test_inline_edit_with_live_preview_then_save(page, reims):
    sign_in(page, "kanopai")
    page.goto(reims.get_absolute_url())
    textarea = open_editor(page)
    # Swapped in place: still on the dossier page, not the edit page.
    expect(page).to_have_url(re.compile(r"/dossiers/reims/$"))
    textarea.fill("Un texte **revu** en direct.")
    expect(page.locator(".preview strong")).to_have_text("revu")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    section = page.locator("#programme-2020")
    expect(section.locator(".section-body strong")).to_have_text("revu")
    expect(section.get_by_role("status")).to_have_text("Section enregistrée.")
    expect(page).to_have_url(re.compile(r"/dossiers/reims/$"))
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_inline_edit_cancel_restores_section(page, reims):
    sign_in(page, "kanopai")
    page.goto(reims.get_absolute_url())
    open_editor(page).fill("Texte abandonné.")
    page.locator("#programme-2020").get_by_role("link", name="Annuler").click()
    section = page.locator("#programme-2020")
    expect(section.locator(".section-body")).to_contain_text("Premier paragraphe.")
    expect(page.get_by_label("Texte (Markdown)")).to_have_count(0)
    reims.sections.get().refresh_from_db()
    assert reims.sections.get().version == 1


def test_two_pages_editing_the_same_section(page, browser, live_server, reims):
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

        # The other person saves first, rewriting the first paragraph.
        theirs.fill("Leur premier paragraphe.\n\nDeuxième paragraphe.")
        other.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(other.locator("#programme-2020 .section-body")).to_contain_text(
            "Leur premier"
        )

        # I save a change of the same paragraph: a conflict, nothing lost.
        mine.fill("Mon premier paragraphe.\n\nDeuxième paragraphe.")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        conflict = page.locator("#programme-2020")
        expect(conflict.get_by_role("heading", level=2)).to_contain_text(
            "Conflit de modification"
        )
        expect(conflict.locator(".conflict-text").first).to_contain_text("Leur premier")
        expect(conflict.locator(".conflict-text").nth(1)).to_contain_text("Mon premier")
        merged = page.get_by_label("Texte (Markdown)")
        # No conflict markers: my version of the passage, theirs beside it.
        expect(merged).to_have_value(re.compile("^Mon premier"))
        expect(conflict).not_to_contain_text("<<<<<<<")

        # I resolve it by keeping both sentences.
        merged.fill("Mon et leur premier paragraphe.\n\nDeuxième paragraphe, complété.")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.locator("#programme-2020 .section-body")).to_contain_text(
            "Mon et leur premier"
        )

        # Both edit again, different paragraphs: the later save is merged.
        mine = open_editor(page)
        theirs = open_editor(other)
        mine.fill(
            "Mon et leur premier paragraphe, relu.\n\nDeuxième paragraphe, complété."
        )
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.locator("#programme-2020 .section-body")).to_contain_text("relu")
        theirs.fill("Mon et leur premier paragraphe.\n\nDeuxième paragraphe, sourcé.")
        other.get_by_role("button", name="Enregistrer", exact=True).click()
        section = other.locator("#programme-2020")
        expect(section.get_by_role("status")).to_contain_text("fusionnées")
        expect(section.locator(".section-body")).to_contain_text("relu")
        expect(section.locator(".section-body")).to_contain_text("sourcé")
    finally:
        other.context.close()


def test_edit_without_javascript(browser, live_server, reims):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "kanopai")
        page.goto(reims.get_absolute_url())
        open_editor(page).fill("Sans *JavaScript*.")
        expect(page).to_have_url(re.compile(r"/sections/\d+/edit/$"))
        page.get_by_role("button", name="Aperçu", exact=True).click()
        expect(page.locator(".preview em")).to_have_text("JavaScript")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page).to_have_url(re.compile(r"/dossiers/reims/#programme-2020$"))
        expect(page.locator("#programme-2020 .section-body em")).to_have_text(
            "JavaScript"
        )
        expect(page.get_by_text("Section enregistrée.")).to_be_visible()
    finally:
        context.close()


def test_draft_survives_a_closed_tab(page, browser, live_server, reims):
    sign_in(page, "kanopai")
    page.goto(reims.get_absolute_url())
    textarea = open_editor(page)
    textarea.fill("Texte en cours, jamais enregistré")
    # Autosave runs after a short pause in typing.
    textarea.press_sequentially(".")
    expect(page.locator(".draft-status")).to_contain_text("Brouillon enregistré")
    expect(page.get_by_label("Texte (Markdown)")).to_be_visible()
    page.close()
    tab = page.context.new_page()
    tab.goto(reims.get_absolute_url())
    expect(tab.get_by_role("link", name=re.compile("Brouillon de"))).to_be_visible()
    textarea = open_editor(tab)
    expect(textarea).to_have_value("Texte en cours, jamais enregistré.")
    expect(tab.get_by_text("a été rétabli")).to_be_visible()


def test_add_section_inline_updates_contents(page, reims):
    sign_in(page, "kanopai")
    page.goto(reims.get_absolute_url())
    page.get_by_role("link", name="Ajouter une section").click()
    page.locator("#section-add").get_by_label("Titre").fill(
        "Vidéoprotection en chiffres"
    )
    page.locator("#section-add").get_by_label("Texte (Markdown)").fill("245 caméras.")
    page.get_by_role("button", name="Ajouter la section").click()
    # As a reload shows it: an uncited paragraph is marked.
    expect(page.locator("#videoprotection-en-chiffres .section-body")).to_have_text(
        "245 caméras. [citation nécessaire]"
    )
    toc = page.get_by_role("navigation", name="Sommaire")
    expect(toc.get_by_role("link", name="Vidéoprotection en chiffres")).to_be_visible()
    expect(page.get_by_role("link", name="Ajouter une section")).to_be_visible()


def test_a_long_dossier_loads_its_next_part_as_the_reader_scrolls(page, settings, db):
    from tests.dossiers.test_parts import make_long_dossier

    settings.CARRE_DOSSIER_PAGE_SECTIONS = 20
    author = make_user("kanopai", display_name="kanopai")
    dossier = make_long_dossier(author, count=50)
    page.goto(dossier.get_absolute_url())
    expect(page.locator("#section-19")).to_be_attached()
    expect(page.locator("#section-20")).not_to_be_attached()
    more = page.get_by_role("link", name="Suite du dossier (sections 21\u201340)")
    more.scroll_into_view_if_needed()
    # Appended in place, without leaving the page.
    expect(page.locator("#section-20")).to_be_attached()
    expect(page.locator("#section-39")).to_be_attached()
    expect(page).to_have_url(re.compile(r"/dossiers/long/$"))
    more = page.get_by_role("link", name="Suite du dossier (sections 41\u201350)")
    more.scroll_into_view_if_needed()
    expect(page.locator("#section-49")).to_be_attached()
    expect(page.locator(".dossier-more")).to_have_count(0)
    # A contents link to a later section still lands on it.
    page.locator("#dossier-toc").get_by_role("link", name="Section 45").click()
    expect(page).to_have_url(re.compile(r"\?part=3#section-45$"))
    expect(page.locator("#section-45")).to_be_in_viewport()
    assert page.console_errors == []
