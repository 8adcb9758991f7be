import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from sources import services
from sources.models import Citation, Source


def test_generate_key_from_publisher_and_date(db):
    key = services.generate_key(
        publisher="StreetPress", published_on=datetime.date(2023, 1, 26)
    )
    assert key == "streetpress-2023-01-26"


def test_generate_key_disambiguates(make_source):
    make_source("lunion-2023-01-30")
    key = services.generate_key(
        url="https://www.lunion.fr/x", published_on=datetime.date(2023, 1, 30)
    )
    assert key == "lunion-2023-01-30-b"


def test_generate_key_avoids_reserved_words(db):
    assert services.generate_key(publisher="Add") == "add-source"


def test_add_source_manually(contributor):
    source = services.add_source_manually(
        added_by=contributor,
        title="Rapport d'information",
        publisher="Assemblée nationale",
        kind=Source.Kind.REPORT,
        published_on=datetime.date(2023, 4, 12),
    )
    assert source.key == "assemblee-nationale-2023-04-12"
    assert source.fetch_status == Source.FetchStatus.NONE


def test_add_source_requires_a_contributor(db):
    with pytest.raises(PermissionDenied):
        services.add_source_manually(added_by=AnonymousUser(), title="x")


def test_sync_citations_follows_the_text(make_source, contributor):
    a = make_source("a")
    b = make_source("b")
    cited = contributor  # any model instance can cite
    services.sync_citations(cited, "X [@a, p. 3] [@b] [@a, p. 3] [@unknown]")
    rows = list(
        Citation.objects.for_object(cited).values_list("source__key", "locator")
    )
    assert rows == [("a", "p. 3"), ("b", "")]
    services.sync_citations(cited, "Now only [@b, 1:00].")
    rows = list(
        Citation.objects.for_object(cited).values_list("source__key", "locator")
    )
    assert rows == [("b", "1:00")]
    assert a.citations.count() == 0
    assert b.citations.count() == 1


def test_cited_key_cannot_change(make_source, contributor):
    source = make_source("a")
    services.sync_citations(contributor, "[@a]")
    with pytest.raises(ValidationError):
        services.update_source(source, editor=contributor, key="renamed")
