"""The forum in a real browser: inline reply, quoting a selection, inline
edit, @mention suggestions and the notification badge."""

import re

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import Category, Post
from notifications.models import Notification
from tests.factories import make_user


@pytest.fixture
def forum_settings(settings):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 100


@pytest.fixture
def reims(transactional_db, forum_settings):
    kanopai = make_user("kanopai", display_name="kanopai")
    css = make_user("css")
    category = Category.objects.create(name="Villes", slug="villes")
    thread = services.create_thread(
        category=category,
        author=kanopai,
        title="Reims : Savari",
        body="Le logiciel Savari de Thales a été testé à Reims en 2021.",
    )
    return {"kanopai": kanopai, "css": css, "thread": thread}


def no_reload_marker(page):
    page.evaluate("window.stillSamePage = true")


def assert_same_page(page):
    assert page.evaluate("window.stillSamePage === true")


def test_inline_reply_appears_without_page_load(page, login, reims):
    login(reims["css"])
    page.goto(reims["thread"].get_absolute_url())
    no_reload_marker(page)
    page.locator("#reply-body").fill("Combien a coûté **Savari** ?")
    page.locator("#reply-form").get_by_role("button", name="Envoyer").click()
    new_post = page.locator("#post-list article.post").nth(1)
    expect(new_post).to_contain_text("Combien a coûté Savari ?")
    expect(new_post.locator("strong")).to_have_text("Savari")
    expect(page.locator("#reply-body")).to_have_value("")
    assert_same_page(page)
    assert Post.objects.count() == 2
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_quote_a_selection(page, login, reims):
    first = reims["thread"].posts.get()
    login(reims["css"])
    page.goto(reims["thread"].get_absolute_url())
    page.evaluate(
        """(postId) => {
            const body = document.querySelector(`#post-${postId} .post-body p`);
            const text = body.firstChild;
            const start = text.textContent.indexOf("Savari de Thales");
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + "Savari de Thales".length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        first.pk,
    )
    # The link says that the selection, not the whole message, is quoted.
    link = page.locator(f"#post-{first.pk}").get_by_role("link", name="Citer")
    expect(link).to_have_text("Citer le texte sélectionné")
    link.click()
    expect(page.locator("#reply-body")).to_have_value(
        f"[quote={first.pk}]\nSavari de Thales\n[/quote]\n\n"
    )
    page.locator("#reply-body").press("End")
    page.locator("#reply-body").type("Et ailleurs ?")
    page.locator("#reply-form").get_by_role("button", name="Envoyer").click()
    quote = page.locator("#post-list article.post").nth(1).locator("blockquote.quote")
    expect(quote).to_contain_text("Savari de Thales")
    expect(quote.locator("a.quote-source")).to_contain_text("kanopai")


def test_inline_edit(page, login, reims):
    first = reims["thread"].posts.get()
    login(reims["kanopai"])
    page.goto(reims["thread"].get_absolute_url())
    no_reload_marker(page)
    article = page.locator(f"#post-{first.pk}")
    article.get_by_role("link", name="Modifier").click()
    editor = page.locator(f"#edit-body-{first.pk}")
    expect(editor).to_be_focused()
    editor.fill("Savari a été testé à Reims de 2020 à 2021, selon Thales.")
    article.get_by_role("button", name="Enregistrer").click()
    expect(article.locator(".post-body")).to_contain_text("de 2020 à 2021")
    expect(article.get_by_role("link", name="modifié")).to_be_visible()
    assert_same_page(page)


def test_mention_suggestions(page, login, reims):
    make_user("felix", display_name="Felix")
    login(reims["css"])
    page.goto(reims["thread"].get_absolute_url())
    page.locator("#reply-body").press_sequentially("Bonjour @fe")
    page.locator("#reply-body-mentions").get_by_role("button", name="@felix").click()
    expect(page.locator("#reply-body")).to_have_value("Bonjour @felix ")


def test_notification_badge(page, login, reims):
    login(reims["kanopai"])
    expect(page.locator("#notifications-badge .badge")).to_have_count(0)
    services.post_reply(
        reims["thread"], author=reims["css"], body="@kanopai regarde ce document"
    )
    page.reload()
    badge = page.locator("#notifications-badge .badge")
    expect(badge).to_have_text("1")
    page.locator("#notifications-badge a").click()
    page.get_by_role("button", name="Marquer comme lu", exact=True).click()
    expect(page.locator("#notifications-badge .badge")).to_have_count(0)
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_reply_page_opened_on_its_own_sends_and_returns(page, login, reims):
    # "Citer" opened in a new tab: the reply form is a page of its own.
    first = reims["thread"].posts.get()
    login(reims["css"])
    page.goto(f"/forum/t/{reims['thread'].pk}/reply/?quote={first.pk}")
    expect(page.locator("#reply-body")).to_have_value(re.compile(r"^\[quote="))
    page.locator("#reply-body").press("End")
    page.locator("#reply-body").press_sequentially("Testé en 2021, donc.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page).to_have_url(re.compile(rf"/forum/t/{reims['thread'].pk}/"))
    expect(page.locator("#post-list article.post").nth(1)).to_contain_text(
        "Testé en 2021, donc."
    )
    assert Post.objects.count() == 2
    assert page.console_errors == []


def test_reply_cites_a_source_through_the_dialog(page, login, reims):
    from sources.models import Source

    Source.objects.create(
        key="streetpress-2023-01-26",
        title="À Reims, la mairie teste un logiciel de surveillance",
        publisher="StreetPress",
    )
    login(reims["css"])
    page.goto(reims["thread"].get_absolute_url())
    reply = page.locator("#reply-form")
    textarea = page.locator("#reply-body")
    textarea.fill("Révélé par la presse.")
    textarea.press("End")
    reply.get_by_role("button", name="Citer une source…").click()
    dialog = page.get_by_role("dialog", name="Citer une source")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Chercher dans la bibliothèque de sources").fill("streetpress")
    expect(
        dialog.get_by_role("button", name="Insérer [@streetpress-2023-01-26]")
    ).to_be_visible()
    # The button says what it will write, locator included.
    dialog.get_by_label("Où dans la source").fill("p. 3")
    pick = dialog.get_by_role("button", name="Insérer [@streetpress-2023-01-26, p. 3]")
    expect(pick).to_be_visible()
    pick.click()
    expect(dialog).to_be_hidden()
    expect(textarea).to_have_value(
        "Révélé par la presse. [@streetpress-2023-01-26, p. 3]"
    )
    reply.get_by_role("button", name="Envoyer").click()
    new_post = page.locator("#post-list article.post").nth(1)
    expect(new_post.locator("sup.citation")).to_have_count(1)
    expect(new_post).not_to_contain_text("[@")
    assert Post.objects.filter(
        body="Révélé par la presse. [@streetpress-2023-01-26, p. 3]"
    ).exists()
    assert page.foreign_requests == []
    assert page.console_errors == []
