from accounts import demo as accounts_demo
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
