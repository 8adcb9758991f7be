from playwright.sync_api import expect

from sources.models import Source


def test_source_picker_inserts_the_key(page, transactional_db):
    Source.objects.create(
        key="streetpress-2023-01-26",
        title="Reims expérimente une intelligence artificielle",
        publisher="StreetPress",
    )
    Source.objects.create(key="lunion-2020-02-13", title="Le plan sécurité")
    page.goto("/sources/picker/")
    page.get_by_label("Brouillon").fill("Le test a eu lieu ")
    page.get_by_label("Chercher une source à citer").fill("streetpress")
    insert = page.get_by_role("button", name="Insérer [@streetpress-2023-01-26]")
    expect(insert).to_be_visible()
    expect(
        page.get_by_role("button", name="Insérer [@lunion-2020-02-13]")
    ).to_have_count(0)
    insert.click()
    expect(page.get_by_label("Brouillon")).to_have_value(
        "Le test a eu lieu [@streetpress-2023-01-26]"
    )
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_pending_source_page_updates_when_fetched(page, transactional_db):
    source = Source.objects.create(
        key="pending", url="https://ex.org/a", fetch_status=Source.FetchStatus.PENDING
    )
    page.goto(source.get_absolute_url())
    expect(page.get_by_role("status")).to_contain_text("Récupération de la page")
    Source.objects.filter(pk=source.pk).update(
        fetch_status=Source.FetchStatus.FAILED, fetch_error="timeout"
    )
    expect(page.get_by_role("alert")).to_contain_text("trop de temps", timeout=5000)
    assert page.console_errors == []


def test_dossier_references_and_picker_in_the_section_editor(
    page, login, transactional_db
):
    from dossiers import services
    from tests.factories import make_user

    author = make_user("kanopai", display_name="kanopai")
    Source.objects.create(
        key="rapport-an", title="Rapport d'information", publisher="Assemblée"
    )
    dossier = services.create_dossier(
        author=author, title="Reims", kind="city", status="published"
    )
    services.add_section(
        dossier, editor=author, title="Savari", text="Le rapport [@rapport-an, p. 66]."
    )
    login(author)
    page.goto(dossier.get_absolute_url())
    marker = page.locator("#savari sup.citation a")
    expect(marker).to_have_text("[1]")
    marker.click()
    expect(page.locator("#ref-rapport-an")).to_contain_text("Rapport d'information")
    page.locator("#savari").get_by_role("link", name="Modifier").click()
    textarea = page.get_by_label("Texte (Markdown)")
    textarea.fill("Nouveau texte ")
    textarea.press("End")
    page.get_by_role("button", name="Citer une source…").click()
    dialog = page.get_by_role("dialog", name="Citer une source")
    dialog.get_by_label("Chercher dans la bibliothèque de sources").fill("rapport")
    dialog.get_by_role("button", name="Insérer [@rapport-an]").click()
    expect(textarea).to_have_value("Nouveau texte [@rapport-an]")
    assert page.foreign_requests == []
    assert page.console_errors == []
