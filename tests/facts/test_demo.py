from accounts import demo as accounts_demo
from facts import demo
from facts.models import Actor, Deployment, Event, FactRevision, Figure
from facts.panel import facts_panel
from tests.facts.conftest import make_dossier


def counts():
    return [
        model.objects.count()
        for model in (Actor, Figure, Event, Deployment, FactRevision)
    ]


def test_demo_loads_reims_facts_idempotently(db):
    users = accounts_demo.load()
    dossier = make_dossier(users["alouette"], title="Reims")
    demo.load(users)
    first = counts()
    demo.load(users)
    assert counts() == first
    panel = facts_panel(dossier, users["kanopai"])
    costs = next(g for g in panel.figure_groups if g.subject.startswith("Coût"))
    assert sorted(f.value for f in costs.figures) == [60000, 210000]
    assert costs.contested
    assert [e.date.year for e in panel.events][:2] == [2020, 2020]
    savari = Deployment.objects.get(name="Savari")
    assert savari.status == "abandoned"
    assert savari.version == 2
    # Enough variety for the map's filters to mean something.
    deployments = Deployment.objects.filter(dossier=dossier)
    assert deployments.values("technology").distinct().count() >= 4
    assert deployments.values("status").distinct().count() >= 4
    assert deployments.filter(vendor__name="Thales").count() == 2


def test_demo_without_reims_does_nothing(db):
    users = accounts_demo.load()
    demo.load(users)
    assert counts() == [0, 0, 0, 0, 0]


def test_demo_cites_the_sources_demo_without_adding_sources(db):
    from dossiers import demo as dossiers_demo
    from sources import demo as sources_demo
    from sources.models import Citation, Source

    users = accounts_demo.load()
    dossiers_demo.load(users)
    sources_demo.load(users)
    sources = Source.objects.count()
    demo.load(users)
    assert Source.objects.count() == sources
    cited = set(
        Citation.objects.filter(content_type__app_label="facts").values_list(
            "source__key", "locator"
        )
    )
    assert ("conseil-reims-2023-01-30", "22:50") in cited
    assert ("conseil-reims-2023-01-30", "26:00") in cited
    assert ("assemblee-nationale-rapport-2023", "p. 66-67") in cited
