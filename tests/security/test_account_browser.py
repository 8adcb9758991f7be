"""The account area in a real browser: other sessions, export, deletion."""

from playwright.sync_api import expect

from tests.factories import PASSWORD, make_user


def log_in_elsewhere(browser, live_server, user):
    """A second device: another browser context, logged in through the form."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    other = context.new_page()
    other.goto("/accounts/login/")
    other.get_by_label("Nom d'utilisateur").fill(user.username)
    other.get_by_label("Mot de passe").fill(PASSWORD)
    other.locator("main").get_by_role("button", name="Connexion").click()
    other.locator(".account-name").wait_for()
    return context, other


def test_log_out_my_other_sessions_from_the_account_page(
    page, login, browser, live_server, db
):
    felix = make_user("felix", display_name="Felix")
    context, phone = log_in_elsewhere(browser, live_server, felix)
    login(felix)
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Sessions").click()
    expect(page.locator("#other-sessions-count")).to_contain_text("1 autre endroit")
    page.get_by_role("button", name="Déconnecter mes autres sessions").click()
    expect(page.get_by_role("status")).to_contain_text("1 autre session")
    expect(page.locator(".account-name")).to_have_text("Felix")
    phone.reload()
    expect(phone.locator(".account-name")).to_have_count(0)
    context.close()
    assert page.foreign_requests == []


def test_delete_my_account_from_the_account_page(page, login, db):
    felix = make_user("felix", display_name="Felix")
    login(felix)
    page.goto("/accounts/data/")
    page.get_by_role("link", name="Supprimer mon compte").click()
    page.get_by_label("Votre mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.locator("main")).to_contain_text(
        "Ce mot de passe n\u2019est pas correct."
    )
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.get_by_role("status")).to_contain_text("Votre compte a été supprimé")
    expect(page.locator(".account-name")).to_have_count(0)
    felix.refresh_from_db()
    assert felix.deleted_at is not None
