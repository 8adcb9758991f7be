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


def test_demo_dossier_cites_the_whole_reims_story(db):
    users = accounts_demo.load()
    dossiers_demo.load(users)
    demo.load(users)
    text = "\n".join(
        Section.objects.filter(dossier__slug="reims").values_list("text", flat=True)
    )
    for cite in (
        "[@france3-2020-02-01]",
        "[@lunion-2021-02-28, p. 3]",
        "[@lunion-2021-03-04]",
        "lu sur les mêmes photos [@develey-2020-02-16]",
        "[@assemblee-nationale-rapport-2023, p. 66]",
    ):
        assert cite in text, cite
    for fact in (
        "fichées S",
        "Citura",
        "bailleurs",
        "boules de",
        "Wilson",
        "Maison Blanche",
        "préfecture de la Marne",
        "CNIL",
        "RGPD",
    ):
        assert fact in text, fact
    cited = set(
        Source.objects.filter(citations__isnull=False).values_list("key", flat=True)
    )
    assert {"france3-2020-02-01", "lunion-2021-02-28", "lunion-2021-03-04"} <= cited


def test_demo_sources_are_credited_dated_and_kept(db):
    users = accounts_demo.load()
    sources = demo.load(users)
    tweet = sources["ville-reims-2022-06-15"]
    assert (tweet.author, tweet.publisher) == ("Ville de Reims", "")
    report = sources["assemblee-nationale-rapport-2023"]
    assert report.published_on.isoformat() == "2023-04-12"
    assert report.url.startswith("https://www.assemblee-nationale.fr/")
    # Offline: every source has a stored copy that says what it is, no fetch.
    for source in Source.objects.all():
        assert source.snapshot_text.startswith(demo.DEMO_COPY_NOTICE), source.key
        assert len(source.snapshot_sha256) == 64
        assert source.fetched_at is None
