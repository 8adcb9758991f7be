import re

from playwright.sync_api import expect

from dossiers import services as dossier_services
from facts.models import Provenance
from tests.facts.conftest import make_dossier, make_post


def test_add_a_post_to_a_dossier_section_from_the_thread(page, login, contributor):
    dossier = make_dossier(contributor, title="Reims")
    section = dossier_services.add_section(
        dossier, editor=contributor, title="Expérimentation Savari", text="Début."
    )
    post = make_post(
        contributor,
        "Le maire parle de 60 000 € au conseil : http://127.0.0.1:9/conseil-video",
    )
    login(contributor)
    page.goto(post.thread.get_absolute_url())
    article = page.locator(f"#post-{post.pk}")
    article.get_by_role("link", name="Ajouter au dossier").click()
    panel = page.locator(f"#promote-post-{post.pk}")
    panel.get_by_label("Dossier").select_option(label="Reims")
    panel.get_by_role("button", name="Continuer").click()
    panel.get_by_label(re.compile(r"^Section")).select_option(
        label="Expérimentation Savari"
    )
    panel.get_by_role("button", name="Ajouter au dossier").click()
    expect(panel.get_by_role("status")).to_contain_text("Reims")
    provenance = Provenance.objects.get()
    assert provenance.section_revision.section == section

    page.goto(post.thread.get_absolute_url())
    expect(article.locator(".post-used-in")).to_contain_text("Reims")
    page.goto(dossier.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Le maire parle de 60 000 €")
    assert page.foreign_requests == []
