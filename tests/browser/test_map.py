import datetime
import re

from playwright.sync_api import expect

from facts import services
from tests.facts.conftest import make_dossier


def reims_and_nice(contributor):
    reims = make_dossier(
        contributor,
        title="Reims",
        place="Reims, Marne",
        latitude=49.2583,
        longitude=4.0317,
    )
    thales = services.add_actor(
        dossier=reims, by=contributor, name="Thales", kind="vendor"
    )
    services.add_deployment(
        dossier=reims,
        by=contributor,
        technology="algorithmic_video",
        status="abandoned",
        name="Savari",
        vendor=thales,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2022, 1, 1),
    )
    services.add_deployment(
        dossier=reims,
        by=contributor,
        technology="video_surveillance",
        status="deployed",
    )
    # A title with markup stays text in the label, the tooltip and the popup.
    nice = make_dossier(
        contributor, title="Nice <img src=x>", latitude=43.7102, longitude=7.262
    )
    services.add_deployment(
        dossier=nice, by=contributor, technology="facial_recognition", status="banned"
    )
    make_dossier(contributor, title="Sans lieu")


# Counts the place labels ever put in the page, removed ones included.
LABELS_ADDED = """
window.labelsAdded = 0;
new MutationObserver(function (records) {
  records.forEach(function (record) {
    record.addedNodes.forEach(function (node) {
      if (node.classList && node.classList.contains("place-label")) {
        window.labelsAdded += 1;
      }
    });
  });
}).observe(document, { childList: true, subtree: true });
"""


def test_map_draws_places_deployments_and_the_same_list(page, contributor):
    reims_and_nice(contributor)
    page.add_init_script(LABELS_ADDED)
    page.goto("/map/")
    expect(page.locator("#dossier-map[data-ready=true]")).to_be_visible()
    # Drawn once: no second set of labels fading out over the first.
    assert page.evaluate("window.labelsAdded") == 2
    markers = page.locator(".leaflet-marker-pane .deployment-marker")
    expect(markers).to_have_count(3)
    # A label per place, on the map itself.
    labels = page.locator(".place-label")
    expect(labels.filter(has_text="Reims")).to_be_visible()
    expect(labels.filter(has_text="Nice <img src=x>")).to_be_visible()
    expect(page.locator("#dossier-map img")).to_have_count(0)
    listing = page.locator("#map-dossier-list")
    expect(listing.get_by_role("link", name="Reims")).to_be_visible()
    expect(listing).not_to_contain_text("Sans lieu")
    expect(page.locator(".map-notice")).to_be_visible()
    # No tile server: the site's own borders and city names.
    expect(page.locator("#dossier-map[data-borders=drawn]")).to_be_visible()
    assert page.locator(".leaflet-overlay-pane path").count() > 200
    expect(page.locator(".city-name", has_text="Paris")).to_be_visible()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "Natural Earth"
    )

    # A place's summary popup lists its deployments, in words.
    page.locator('.leaflet-marker-icon[title="Reims"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Reims")).to_be_visible()
    expect(popup).to_contain_text("Vidéosurveillance algorithmique — Savari")
    expect(popup).to_contain_text("Abandonné · fournisseur : Thales")

    # Filtering happens in place: the address changes, markers and list follow.
    page.get_by_label("Fournisseur").select_option("Thales")
    expect(page).to_have_url(re.compile(r"/map/\?vendor=Thales$"))
    expect(markers).to_have_count(1)
    expect(listing.get_by_role("link", name="Reims")).to_be_visible()
    expect(listing).not_to_contain_text("Nice")
    expect(page.locator(".map-filter-reset")).to_be_visible()
    # The downloads follow the filters, without a reload.
    downloads = page.locator(".map-exports")
    expect(downloads.get_by_role("link", name="GeoJSON")).to_have_attribute(
        "href", "/map.geojson?vendor=Thales"
    )
    expect(
        downloads.get_by_role("link", name="CSV des déploiements")
    ).to_have_attribute("href", "/facts/deployments.csv?vendor=Thales")
    page.get_by_label("Statut", exact=True).select_option(label="Déployé")
    expect(downloads.get_by_role("link", name="GeoJSON")).to_have_attribute(
        "href", "/map.geojson?status=deployed&vendor=Thales"
    )
    expect(page).to_have_url(re.compile(r"\?status=deployed&vendor=Thales$"))
    expect(page.locator("#map-results")).to_contain_text(
        "Aucun lieu publié ne correspond à ces filtres."
    )
    expect(markers).to_have_count(0)

    # Back goes to the previous filters; the shared address gives the same map.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/map/\?vendor=Thales$"))
    expect(page.get_by_label("Statut", exact=True)).to_have_value("")
    expect(downloads.get_by_role("link", name="GeoJSON")).to_have_attribute(
        "href", "/map.geojson?vendor=Thales"
    )
    expect(markers).to_have_count(1)
    page.goto("/map/?technology=facial_recognition")
    expect(page.locator("#dossier-map[data-ready=true]")).to_be_visible()
    expect(markers).to_have_count(1)
    expect(page.get_by_label("Technologie", exact=True)).to_have_value(
        "facial_recognition"
    )
    page.locator(".leaflet-marker-pane .deployment-marker").click()
    expect(popup).to_contain_text("Reconnaissance faciale")
    expect(popup).to_contain_text("Interdit")
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_map_filters_without_javascript(browser, live_server, contributor):
    reims_and_nice(contributor)
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/map/")
    listing = page.locator("#map-dossier-list")
    expect(listing.locator(".map-deployment")).to_have_count(3)
    page.get_by_label("Technologie", exact=True).select_option(
        label="Reconnaissance faciale"
    )
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"technology=facial_recognition"))
    expect(listing.locator(".map-deployment")).to_have_count(1)
    expect(listing).to_contain_text("Interdit")
    context.close()
