"""A source page tells one state, its time and its reason; dates and figures
are written the reader's way."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from sources import services
from sources.models import Citation, Source
from sources.status import source_state
from tests.factories import make_user

FEB_1 = datetime.date(2020, 2, 1)


def summary_of(client, source, language="fr"):
    page = client.get(source.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    return html.split('id="source-summary"')[1].split("</dl>")[0]


@pytest.mark.django_db
def test_a_failed_fetch_shows_one_state_not_unchecked_and_fetched(client, make_source):
    source = make_source(
        "france3-2020-02-01",
        url="https://example.org/a",
        fetch_status=Source.FetchStatus.FAILED,
        fetch_error=Source.FetchError.HTTP_ERROR,
        fetch_http_status=503,
        fetched_at=timezone.now(),
    )
    summary = summary_of(client, source)
    assert "Échec de la récupération" in summary
    assert "code HTTP 503" in summary
    assert "Pas encore vérifié" not in summary
    assert "Récupérée le" not in summary
    assert source_state(source).code == "failed"


@pytest.mark.django_db
def test_a_not_found_fetch_is_a_dead_link_with_its_reason(make_source):
    now = timezone.now()
    source = make_source(
        "gone",
        url="https://example.org/gone",
        fetch_status=Source.FetchStatus.FAILED,
        fetch_error=Source.FetchError.NOT_FOUND,
        link_status=Source.LinkStatus.DEAD,
        link_checked_at=now,
        fetched_at=now,
    )
    state = source_state(source)
    assert (state.code, state.at, state.tone) == ("dead", now, "error")
    assert "404" in state.reason


@pytest.mark.django_db
def test_a_source_without_address_has_nothing_to_check(make_source):
    assert source_state(make_source("papier")).code == "offline"


@pytest.mark.django_db
def test_a_source_without_copy_offers_archive_now_to_contributors(client, make_source):
    source = make_source("sans-copie", url="https://example.org/b")
    assert "Pas encore de copie." in summary_of(client, source)
    assert "Archiver maintenant" not in summary_of(client, source)  # anonymous
    client.force_login(make_user("kanopai"))
    summary = summary_of(client, source)
    assert "Archiver maintenant" in summary
    assert reverse("source-refetch", args=[source.key]) in summary


@pytest.mark.django_db
def test_a_kept_copy_is_dated_and_linked(client, make_source):
    source = make_source(
        "copie",
        url="https://example.org/c",
        snapshot_text="Le texte.",
        created_at=timezone.make_aware(datetime.datetime(2020, 2, 1, 12)),
    )
    summary = summary_of(client, source)
    assert 'href="#snapshot"' in summary
    assert "Texte conservé le 1er février 2020" in summary
    assert "Text kept on 1 February 2020" in summary_of(client, source, "en")


@pytest.mark.django_db
def test_dates_are_written_by_locale(client, make_source):
    source = make_source("orgeval", published_on=FEB_1)
    assert "1er février 2020" in summary_of(client, source)
    english = summary_of(client, source, "en")
    assert "1 February 2020" in english
    assert "Feb. 1, 2020" not in english


@pytest.mark.django_db
def test_cited_figures_are_written_by_locale(client, make_source):
    from facts import services as fact_services
    from tests.dossiers.conftest import make_dossier

    author = make_user("felix")
    source = make_source("conseil", url="https://example.org/v")
    dossier = make_dossier(author, title="Reims")
    figure = fact_services.add_figure(
        dossier=dossier,
        by=author,
        subject="Coût du logiciel Savari",
        value=Decimal("210000.0000"),
        unit="€",
        source=source,
        locator="22:50",
    )
    # The figure cites the source (facts keep one Citation row per source).
    Citation.objects.get_or_create(
        source=source,
        content_type=ContentType.objects.get_for_model(figure),
        object_id=figure.pk,
        defaults={"locator": "22:50"},
    )
    french = client.get(source.get_absolute_url()).content.decode()
    assert "Coût du logiciel Savari\xa0: 210\xa0000 €" in french
    assert "210000.0000" not in french
    english = client.get(
        source.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Coût du logiciel Savari: 210,000 €" in english


@pytest.mark.django_db
def test_a_failed_refetch_keeps_the_date_of_the_copy(client, make_source):
    # Fetched in 2023, tried again today in vain: the kept text is still the
    # 2023 copy, and the failure is dated today.
    copied = timezone.now() - datetime.timedelta(days=700)
    source = make_source(
        "streetpress-2023-01-26",
        url="https://example.org/reims",
        fetch_status=Source.FetchStatus.DONE,
        fetched_at=copied,
        snapshot_text="La mairie de Reims teste un logiciel.",
    )
    services.record_fetch_failure(
        source.pk, code=Source.FetchError.HTTP_ERROR, http_status=503
    )
    source.refresh_from_db()
    assert source.fetched_at == copied
    assert source.copy_taken_at == copied
    state = source_state(source)
    assert state.code == "failed"
    assert state.at > copied
