"""The review queue in a real browser: a new account's inline edit waits for
review, readers see the section unchanged, a moderator accepts it."""

import re

import pytest
from playwright.sync_api import expect

from accounts import trust
from dossiers import services
from tests.factories import make_user

from .test_dossiers import TEXT, open_editor, sign_in


@pytest.fixture
def reims(db, settings):
    author = make_user("kanopai", display_name="kanopai")
    dossier = services.create_dossier(
        author=author, title="Reims", kind="city", status="published"
    )
    services.add_section(dossier, editor=author, title="Programme 2020", text=TEXT)
    # From now on, as on a real site, a new account's edits are reviewed.
    settings.CARRE_TRUST_PUBLISH_LEVEL = trust.BASIC
    return dossier


def test_a_new_accounts_edit_is_reviewed_then_accepted(
    page, browser, live_server, reims
):
    make_user("temoin51")
    make_user("alouette", role="moderator", display_name="Alouette")

    sign_in(page, "temoin51")
    page.goto(reims.get_absolute_url())
    editor = open_editor(page)
    expect(page.get_by_text("Votre compte est récent")).to_be_visible()
    editor.fill(TEXT + "\n\nUn panneau annonce 12 caméras rue de Vesle.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    section = page.locator("#programme-2020")
    expect(section.get_by_role("status").first).to_contain_text("attend la relecture")
    expect(section.locator(".section-body")).not_to_contain_text("rue de Vesle")

    reader = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    try:
        reader.goto(reims.get_absolute_url())
        reader_section = reader.locator("#programme-2020")
        expect(reader_section).to_contain_text("Une modification attend une relecture.")
        expect(reader_section).not_to_contain_text("rue de Vesle")
    finally:
        reader.context.close()

    page.context.clear_cookies()
    sign_in(page, "alouette")
    page.goto("/dossiers/review/")
    page.locator("#pending-edit-queue").get_by_role(
        "link", name=re.compile("Programme 2020")
    ).click()
    expect(page.locator("#pending-diff ins")).to_contain_text("rue de Vesle")
    page.get_by_role("button", name="Accepter la modification").click()
    expect(page).to_have_url(re.compile(r"/dossiers/review/$"))
    expect(
        page.get_by_text("Aucune modification n'attend de relecture.")
    ).to_be_visible()

    page.goto(reims.get_absolute_url())
    section = page.locator("#programme-2020")
    expect(section.locator(".section-body")).to_contain_text("rue de Vesle")
    expect(section).not_to_contain_text("Une modification attend une relecture.")
    assert page.console_errors == []
