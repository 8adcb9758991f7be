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


def test_demo_without_reims_does_nothing(db):
    users = accounts_demo.load()
    demo.load(users)
    assert counts() == [0, 0, 0, 0, 0]
