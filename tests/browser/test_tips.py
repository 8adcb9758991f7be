"""A tip sent without JavaScript, and a moderator turning it into a thread."""

from playwright.sync_api import expect

from forum.models import Category, ModerationLog
from tests.tips.conftest import answer_for, gps_jpeg
from tips.models import Tip


def test_tip_sent_without_javascript_becomes_a_thread(
    browser, live_server, moderator, page, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    Category.objects.create(name="Villes", slug="villes")
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    anonymous = context.new_page()
    anonymous.goto("/")
    anonymous.get_by_role("link", name="Transmettre une information").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(
        "Transmettre une information"
    )
    anonymous.get_by_label("Que voulez-vous nous transmettre ?").fill(
        "Deux caméras neuves place d'Erlon, posées ce matin."
    )
    anonymous.get_by_label("Liens (facultatif)").fill("https://example.org/erlon")
    photo = gps_jpeg()
    anonymous.get_by_label("Fichiers (facultatif)").set_input_files(
        {"name": "erlon.jpg", "mimeType": "image/jpeg", "buffer": photo.read()}
    )
    _pk, answer = answer_for(anonymous.content())
    anonymous.locator("input[name=answer]").fill(answer)
    anonymous.get_by_role("button", name="Envoyer").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(
        "Information envoyée"
    )
    context.close()
    tip = Tip.objects.get()
    assert tip.files.count() == 1

    login(moderator)
    page.goto("/tips/inbox/")
    page.get_by_role("link", name="Deux caméras neuves").click()
    page.get_by_label("Catégorie").select_option(label="Villes")
    page.get_by_label("Titre de la discussion").fill("Reims : caméras place d'Erlon")
    page.get_by_role("button", name="Ouvrir la discussion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reims : caméras place d'Erlon"
    )
    post = page.locator("article.post").first
    expect(post).to_contain_text("D’après une information anonyme du")  # noqa: RUF001
    expect(post).to_contain_text("Deux caméras neuves place d'Erlon")
    assert ModerationLog.objects.filter(
        action=ModerationLog.Action.TIP_THREAD, moderator=moderator
    ).exists()
    assert page.foreign_requests == []
