"""A moderator imports a spreadsheet of deployments: upload, columns,
preview, import."""

from playwright.sync_api import expect

from facts.models import Deployment


def test_moderator_imports_a_csv_through_mapping_and_preview(
    page, login, moderator, tmp_path
):
    spreadsheet = tmp_path / "communes.csv"
    spreadsheet.write_bytes(
        "Commune;Techno;État;Depuis\n"
        "Épernay;vidéoprotection;déployé;1er février 2020\n"
        "Troyes;drones;prévu;2024\n".encode("cp1252")
    )
    login(moderator)
    page.goto("/forum/moderation/")
    page.get_by_role("link", name="Importer des déploiements (CSV)").click()
    page.get_by_label("Fichier CSV").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Lire le fichier").click()

    expect(page.get_by_text("lu en Windows-1252 (Latin-1)")).to_be_visible()
    expect(page.get_by_label("Lieu")).to_have_value("Commune")
    page.get_by_label("Technologie").select_option("Techno")
    page.get_by_label("Statut").select_option("État")
    page.get_by_label("Date de début", exact=True).select_option("Depuis")
    page.get_by_role("button", name="Voir l\u2019aperçu").click()

    expect(page.get_by_text("2 déploiements à créer")).to_be_visible()
    expect(page.locator("#line-2")).to_contain_text("Épernay")
    assert not Deployment.objects.exists()
    page.get_by_role("button", name="Importer 2 déploiements").click()

    expect(page.get_by_role("status").filter(has_text="a été importé")).to_be_visible()
    assert sorted(Deployment.objects.values_list("dossier__title", flat=True)) == [
        "Troyes",
        "Épernay",
    ]
    assert page.foreign_requests == []
