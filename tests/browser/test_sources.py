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
