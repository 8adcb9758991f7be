from accounts import demo as accounts_demo
from dossiers import demo
from dossiers.models import Dossier, SectionRevision


def test_demo_load_creates_reims_once(db):
    # Only this app's part: the whole demo is carre.demo.load().
    users = accounts_demo.load()
    demo.load(users)
    demo.load(users)
    dossier = Dossier.objects.get(slug="reims")
    assert dossier.is_published
    assert (str(dossier.latitude), str(dossier.longitude)) == ("49.258300", "4.031700")
    titles = list(dossier.sections.order_by("position").values_list("title", flat=True))
    assert "Programme 2020" in titles
    assert "Expérimentation Savari (Thales)" in titles
    assert "Conseil municipal du 30 janvier 2023" in titles
    editors = set(
        SectionRevision.objects.filter(section__dossier=dossier).values_list(
            "editor__username", flat=True
        )
    )
    assert len(editors) >= 3
    assert SectionRevision.objects.filter(section__dossier=dossier).count() >= 7


def test_benchmark_run_reports_constant_queries(db):
    from dossiers import benchmark

    small = benchmark.run(2)
    large = benchmark.run(25)
    assert small[0]["page"] == "dossier page"
    for before, after in zip(small, large, strict=True):
        assert after["queries"] == before["queries"], (before, after)


def test_api_lists_published_dossiers_only(client, contributor):
    from tests.dossiers.conftest import make_dossier

    make_dossier(contributor, title="Reims", sections=[("A", "*a*")])
    make_dossier(contributor, title="Caché", status="draft")
    listing = client.get("/api/v1/dossiers/").json()
    assert [item["slug"] for item in listing["items"]] == ["reims"]
    detail = client.get("/api/v1/dossiers/reims").json()
    assert detail["sections"][0]["html"] == "<p><em>a</em></p>\n"
    assert client.get("/api/v1/dossiers/cache").status_code == 404
