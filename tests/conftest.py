import os

import pytest

from tests.browser import chromium
from tests.factories import PASSWORD, make_user

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def contributor(db):
    return make_user("kanopai", display_name="kanopai")


@pytest.fixture
def other_contributor(db):
    return make_user("css")


@pytest.fixture
def moderator(db):
    return make_user("alouette", role="moderator", display_name="Alouette")


@pytest.fixture
def admin_user(db):
    return make_user("admin", role="admin")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (French, like most visitors) on the live server.

    Every request leaving for another origin is recorded in page.foreign_requests
    and aborted; a test can assert the list stays empty.
    """
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.foreign_requests = []
    page.console_errors = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        else:
            page.foreign_requests.append(url)
            route.abort()

    page.route("**/*", guard)
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.console_errors.append(message.text)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log a user in through the real login form."""

    def log_in(user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Nom d'utilisateur").fill(user.username)
        page.get_by_label("Mot de passe").fill(password)
        page.locator("main").get_by_role("button", name="Connexion").click()
        page.locator(".account-name").wait_for()
        return page

    return log_in
