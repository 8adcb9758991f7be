import re

from playwright.sync_api import expect

from facts import services
from facts.models import Figure
from tests.facts.conftest import make_dossier


def test_add_then_edit_a_figure_inline(page, login, contributor):
    dossier = make_dossier(contributor, title="Reims")
    services.add_actor(dossier=dossier, by=contributor, name="Arnaud Robinet")
    login(contributor)
    page.goto(dossier.get_absolute_url())
    panel = page.locator("#dossier-facts")
    panel.get_by_role("link", name="Ajouter un chiffre").click()
    form = panel.locator("#fact-form-figure-new")
    form.get_by_label("Objet").fill("Coût du logiciel Savari")
    form.get_by_label("Valeur").fill("60000")
    form.get_by_label("Unité").fill("€")
    form.get_by_label("Selon").select_option(label="Arnaud Robinet")
    form.get_by_role("button", name="Enregistrer").click()
    figure = panel.locator(".figure").first
    expect(figure).to_contain_text(re.compile(r"60\s000"))
    expect(figure).to_contain_text("selon Arnaud Robinet")
    expect(panel.locator("#fact-form-figure-new")).to_have_count(0)
    pk = Figure.objects.get().pk

    figure.get_by_role("link", name="Modifier").click()
    edit = panel.locator(f"#fact-form-figure-{pk}")
    edit.get_by_label("Valeur").fill("abc")
    edit.get_by_role("button", name="Enregistrer").click()
    # Invalid input: the form stays, with the message and the typed subject.
    expect(edit.locator(".errorlist")).to_be_visible()
    expect(edit.get_by_label("Objet")).to_have_value("Coût du logiciel Savari")
    edit.get_by_label("Valeur").fill("210000")
    edit.get_by_role("button", name="Enregistrer").click()
    expect(panel.locator(f"#figure-{pk}")).to_contain_text(re.compile(r"210\s000"))
    assert Figure.objects.get().version == 2
    assert page.foreign_requests == []
    # The browser logs the 422 answer to the invalid form; nothing else.
    assert [e for e in page.console_errors if "422" not in e] == []


def test_anonymous_reader_sees_facts_without_edit_links(page, contributor):
    dossier = make_dossier(contributor, title="Reims")
    services.add_actor(dossier=dossier, by=contributor, name="Thales", kind="vendor")
    page.goto(dossier.get_absolute_url())
    panel = page.locator("#dossier-facts")
    expect(panel).to_contain_text("Thales")
    expect(panel.get_by_role("link", name="Modifier")).to_have_count(0)
    expect(panel.get_by_role("link", name="Ajouter un acteur")).to_have_count(0)


def test_the_edit_page_opened_on_its_own_saves_and_returns(page, login, contributor):
    # "Modifier" opened in a new tab: the form is a page, not in the panel.
    dossier = make_dossier(contributor, title="Reims")
    figure = services.add_figure(
        dossier=dossier, by=contributor, subject="Caméras", value=225
    )
    login(contributor)
    page.goto(f"/facts/figure/{figure.pk}/edit/")
    page.get_by_label("Valeur").fill("245")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(rf"/dossiers/reims/#figure-{figure.pk}$"))
    expect(page.locator(f"#figure-{figure.pk}")).to_contain_text("245")
    assert page.console_errors == []
