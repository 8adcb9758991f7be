"""The header's menu: folded at phone width (no script needed), one line at 1280 px."""

from playwright.sync_api import expect

from tests.factories import make_user


def test_menu_is_folded_at_390_px_and_opens_with_the_keyboard(page, transactional_db):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    toggle = page.locator(".site-menu-toggle")
    forum = page.locator(".main-nav").get_by_role("link", name="Forum")
    expect(toggle).to_be_visible()
    expect(forum).to_be_hidden()
    # The header stays one short line: the brand and "Menu".
    assert page.locator(".site-header").bounding_box()["height"] < 80

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    outline = toggle.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    expect(forum).to_be_visible()
    page.keyboard.press("Tab")
    expect(forum).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(forum).to_be_hidden()


def test_menu_works_without_javascript(browser, live_server, transactional_db):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    forum = page.locator(".main-nav").get_by_role("link", name="Forum")
    expect(forum).to_be_hidden()
    page.locator(".site-menu-toggle").click()
    expect(forum).to_be_visible()
    context.close()


def test_header_fits_one_line_at_1280_px_for_a_moderator(page, login, transactional_db):
    page.set_viewport_size({"width": 1280, "height": 800})
    moderator = make_user("alouette", role="moderator", display_name="Alouette")
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    login(moderator)
    page.goto("/")
    expect(page.locator(".site-menu-toggle")).to_be_hidden()
    brand = page.locator(".brand").bounding_box()
    for item in page.locator(".site-menu-body a, .site-menu-body button").all():
        box = item.bounding_box()
        assert (
            abs(box["y"] + box["height"] / 2 - (brand["y"] + brand["height"] / 2)) < 12
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
