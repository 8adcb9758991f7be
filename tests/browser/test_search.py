from playwright.sync_api import expect

from tests.search.conftest import make_dossier, make_thread


def _reims(contributor):
    dossier = make_dossier(contributor, summary="Expérimentation du logiciel Savari.")
    make_thread(
        contributor,
        "Reims et la vidéosurveillance",
        "Le centre de supervision urbain et ses caméras de vidéosurveillance.",
    )
    return dossier


def test_live_search_shows_results_while_typing(page, contributor):
    _reims(contributor)
    page.goto("/search/")
    # A page load would drop this marker: the results must come without one.
    page.evaluate("window.stillTheSamePage = true")
    field = page.get_by_role("searchbox")
    field.press_sequentially("videosurv", delay=30)
    results = page.locator("#search-results")
    found = results.get_by_role("link", name="Reims et la vidéosurveillance")
    expect(found.first).to_be_visible()
    expect(results.locator("mark").first).to_have_text("vidéosurveillance")
    assert page.evaluate("window.stillTheSamePage") is True
    assert "q=videosurv" in page.url
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_search_form_works_without_javascript(browser, live_server, contributor):
    _reims(contributor)
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/search/")
    page.get_by_role("searchbox").fill("Thales recon")
    page.locator("form.search-form button[type=submit]").click()
    expect(page.locator("#search-results")).to_contain_text("Aucun résultat")
    page.get_by_role("searchbox").fill("savari")
    page.locator("form.search-form button[type=submit]").click()
    found = page.locator("#search-results").get_by_role("link", name="Reims")
    expect(found).to_be_visible()
    assert "q=savari" in page.url
    context.close()
