from playwright.sync_api import expect

from facts import services
from tests.facts.conftest import make_dossier


def test_map_shows_markers_and_the_same_list(page, contributor):
    reims = make_dossier(contributor, title="Reims", latitude=49.2583, longitude=4.0317)
    services.add_deployment(
        dossier=reims,
        by=contributor,
        technology="algorithmic_video",
        status="abandoned",
        name="Savari",
    )
    # A title with markup stays text in the tooltip and popup.
    make_dossier(
        contributor, title="Nice <img src=x>", latitude=43.7102, longitude=7.262
    )
    make_dossier(contributor, title="Sans lieu")
    page.goto("/map/")
    expect(page.locator("#dossier-map[data-ready=true]")).to_be_visible()
    expect(page.locator("path.dossier-marker")).to_have_count(2)
    listing = page.locator("#map-dossier-list")
    expect(listing.get_by_role("link", name="Reims")).to_be_visible()
    expect(listing.get_by_role("link", name="Nice <img src=x>")).to_be_visible()
    expect(page.locator("#dossier-map img")).to_have_count(0)
    expect(listing).not_to_contain_text("Sans lieu")
    expect(page.locator(".map-notice")).to_be_visible()
    # No tile server: the background is the site's own copy of the borders.
    expect(page.locator("#dossier-map[data-borders=drawn]")).to_be_visible()
    assert page.locator(".leaflet-overlay-pane path:not(.dossier-marker)").count() > 200
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "Natural Earth"
    )

    page.locator("path.dossier-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link")).to_be_visible()

    page.get_by_label("Technologie").select_option(
        label="Vidéosurveillance algorithmique"
    )
    page.get_by_role("button", name="Appliquer le filtre").click()
    expect(page.locator("path.dossier-marker")).to_have_count(1)
    expect(listing.get_by_role("link")).to_have_count(1)
    expect(listing).to_contain_text("Vidéosurveillance algorithmique")
    assert page.foreign_requests == []
    assert page.console_errors == []
