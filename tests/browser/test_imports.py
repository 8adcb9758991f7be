"""A moderator imports a spreadsheet of deployments: upload, columns,
preview, import."""

import re

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

    # The worker imports; the status page follows it (the test settings run
    # tasks at once, so it says "imported" straight away and stops polling).
    expect(page).to_have_url(re.compile(r"/facts/import/[0-9a-f-]+/status/$"))
    expect(page.get_by_role("status").filter(has_text="a été importé")).to_be_visible()
    expect(page.locator("[data-hx-trigger]")).to_have_count(0)
    assert sorted(Deployment.objects.values_list("dossier__title", flat=True)) == [
        "Troyes",
        "Épernay",
    ]
    assert page.foreign_requests == []


def test_status_page_follows_the_worker_without_a_reload(page, login, moderator):
    from facts import imports
    from facts.models import DeploymentImport

    upload = imports.upload_import(
        by=moderator,
        file_name="communes.csv",
        data=b"City;Technology;Status\nReims;drones;deployed\n",
    )
    DeploymentImport.objects.filter(pk=upload.pk).update(status="running")
    login(moderator)
    page.goto(f"/facts/import/{upload.token}/status/")
    expect(page.get_by_role("status")).to_contain_text("en cours d\u2019importation")
    page.evaluate("window.notReloaded = true")
    # The worker finishes: the page shows it within the 2 s polling.
    DeploymentImport.objects.filter(pk=upload.pk).update(
        status="imported", summary="1 déploiement créé."
    )
    expect(page.get_by_role("status")).to_contain_text("a été importé", timeout=6000)
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("[data-hx-trigger]")).to_have_count(0)
