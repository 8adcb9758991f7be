from playwright.sync_api import expect

from tests.factories import make_user


def test_signup_then_see_name_in_header(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Nom d'utilisateur").fill("nouvelle")
    page.get_by_label("Mot de passe :", exact=True).fill("une-phrase-secrete-42")
    page.get_by_label("Mot de passe (confirmation)").fill("une-phrase-secrete-42")
    page.locator("main").get_by_role("button", name="Création de compte").click()
    expect(page.locator(".account-name")).to_have_text("nouvelle")
    assert page.foreign_requests == []


def test_login_shows_display_name(page, login, db):
    user = make_user("felix", display_name="Felix")
    login(user)
    expect(page.locator(".account-name")).to_have_text("Felix")


def test_switch_language_to_english(page):
    page.goto("/")
    expect(page.get_by_role("link", name="Rechercher")).to_be_visible()
    page.get_by_role("button", name="Show in English").click()
    # The choice is remembered on the next page too.
    page.goto("/forum/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Search", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
