from accounts import demo as accounts_demo
from dossiers import demo as dossiers_demo
from dossiers.models import Section
from sources import demo
from sources.models import Source


def test_demo_load_is_idempotent_and_offline(db, settings):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    users = accounts_demo.load()
    first = demo.load(users)
    count = Source.objects.count()
    demo.load(users)
    assert Source.objects.count() == count == len(demo.REIMS_SOURCES)
    assert first["lunion-2023-01-30"].paywalled
    assert first["conseil-reims-2023-01-30"].kind == Source.Kind.VIDEO
    assert not Source.objects.filter(fetch_status=Source.FetchStatus.PENDING).exists()


def test_demo_cites_sources_in_the_reims_dossier(db):
    users = accounts_demo.load()
    dossiers_demo.load(users)
    demo.load(users)
    council = Section.objects.get(title="Conseil municipal du 30 janvier 2023")
    assert "[@conseil-reims-2023-01-30, 22:50]" in council.text
    version = council.version
    demo.load(users)
    council.refresh_from_db()
    assert council.version == version  # a second load adds nothing


def test_demo_cites_every_passage_it_knows(db):
    users = accounts_demo.load()
    dossiers_demo.load(users)
    demo.load(users)
    texts = {section.title: section.text for section in Section.objects.all()}
    for title, passages in demo.REIMS_CITES:
        for _plain, cited in passages:
            assert cited in texts[title], cited
