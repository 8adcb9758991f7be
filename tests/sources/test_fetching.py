"""Fetching, extraction and archiving against a real local HTTP server."""

import datetime
import hashlib

import pytest

from sources import services
from sources.fetching import FetchFailed, fetch, is_public_address
from sources.models import Source
from sources.tasks import check_link, fetch_source


def test_fetch_refuses_private_addresses_when_setting_is_off(settings, fixture_server):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchFailed) as failure:
        fetch(fixture_server + "/good")
    assert failure.value.code == "refused_address"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.1.1",
        "172.16.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
    ],
)
def test_is_public_address_refuses_internal_ranges(address):
    assert not is_public_address(address)


def test_is_public_address_accepts_public_ranges():
    assert is_public_address("8.8.8.8")
    assert is_public_address("2001:4860:4860::8888")


def test_fetch_follows_redirects(allow_private, fixture_server):
    page = fetch(fixture_server + "/redirect")
    assert page.url.endswith("/good")
    assert b"Reims" in page.body


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/missing", "not_found"),
        ("/gone", "not_found"),
        ("/error", "http_error"),
        ("/pdf", "not_html"),
        ("/big", "too_big"),
        ("/slow", "timeout"),
        ("/redirect-ftp", "invalid_url"),
        ("/loop", "too_many_redirects"),
    ],
)
def test_fetch_failures_have_a_reason(allow_private, fixture_server, path, code):
    with pytest.raises(FetchFailed) as failure:
        fetch(fixture_server + path)
    assert failure.value.code == code


def test_add_source_by_url_fetches_metadata_and_snapshot(
    allow_private, fixture_server, contributor
):
    source, created = services.add_source_by_url(
        url=fixture_server + "/good?utm_source=newsletter", added_by=contributor
    )
    source.refresh_from_db()
    assert created
    assert source.url == fixture_server + "/good"
    assert source.fetch_status == Source.FetchStatus.DONE
    assert source.title == "Reims teste un logiciel de relecture vidéo"
    assert source.author == "Camille Exemple"
    assert source.language == "fr"
    assert source.canonical_url == fixture_server + "/articles/reims-savari"
    assert "relecture des enregistrements" in source.snapshot_text
    assert "Mentions légales" not in source.snapshot_text
    expected = hashlib.sha256(source.snapshot_text.encode()).hexdigest()
    assert source.snapshot_sha256 == expected
    assert source.fetched_at is not None
    assert source.accessed_on is not None
    assert source.link_status == Source.LinkStatus.OK


def test_add_source_by_url_reads_opengraph(allow_private, fixture_server, contributor):
    source, _ = services.add_source_by_url(
        url=fixture_server + "/og", added_by=contributor
    )
    source.refresh_from_db()
    assert source.title == "Le conseil municipal débat de la vidéoprotection"
    assert source.publisher == "Journal Exemple"
    assert source.published_on == datetime.date(2023, 1, 30)
    assert source.canonical_url == "https://journal.example/conseil-video"
    # The key follows the publisher and date once they are known.
    assert source.key == "journal-exemple-2023-01-30"


def test_add_source_by_url_reads_jsonld(allow_private, fixture_server, contributor):
    source, _ = services.add_source_by_url(
        url=fixture_server + "/jsonld", added_by=contributor
    )
    source.refresh_from_db()
    assert source.title == "Une enquête sur la vidéosurveillance algorithmique"
    assert source.author == "Jeanne Enquêtrice"
    assert source.publisher == "Média Exemple"
    assert source.published_on == datetime.date(2023, 1, 26)
    assert source.kind == Source.Kind.ARTICLE


def test_add_source_by_url_same_article_is_one_source(
    allow_private, fixture_server, contributor, other_contributor
):
    first, created = services.add_source_by_url(
        url=fixture_server + "/good", added_by=contributor
    )
    again, created_again = services.add_source_by_url(
        url=fixture_server + "/good?fbclid=abc#top", added_by=other_contributor
    )
    via_canonical, created_canonical = services.add_source_by_url(
        url=fixture_server + "/articles/reims-savari", added_by=other_contributor
    )
    assert created and not created_again and not created_canonical
    assert again.pk == first.pk == via_canonical.pk
    assert Source.objects.count() == 1


def test_failed_fetch_is_stored_with_its_reason(
    allow_private, fixture_server, contributor
):
    source, _ = services.add_source_by_url(
        url=fixture_server + "/missing", added_by=contributor
    )
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert source.fetch_error == Source.FetchError.NOT_FOUND
    assert source.fetch_http_status == 404
    assert source.link_status == Source.LinkStatus.DEAD


def test_refused_address_is_stored_as_failure(settings, fixture_server, contributor):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    source, _ = services.add_source_by_url(
        url=fixture_server + "/good", added_by=contributor
    )
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert source.fetch_error == Source.FetchError.REFUSED_ADDRESS
    assert source.snapshot_text == ""


def test_fetch_source_task_is_idempotent(allow_private, fixture_server, contributor):
    source, _ = services.add_source_by_url(
        url=fixture_server + "/good", added_by=contributor
    )
    fetch_source.enqueue(source.pk)
    fetch_source.enqueue(source.pk)
    assert Source.objects.count() == 1
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.DONE


def test_fetch_keeps_metadata_entered_by_hand(
    allow_private, fixture_server, contributor
):
    source, _ = services.add_source_by_url(
        url=fixture_server + "/good", added_by=contributor
    )
    services.update_source(source, editor=contributor, title="Titre corrigé")
    services.refetch_source(source, by=contributor)
    source.refresh_from_db()
    assert source.title == "Titre corrigé"


def test_check_link_marks_dead_links(allow_private, fixture_server, make_source):
    alive = make_source("alive", url=fixture_server + "/good")
    dead = make_source("dead", url=fixture_server + "/gone")
    down = make_source("down", url=fixture_server + "/error")
    for source in (alive, dead, down):
        check_link.enqueue(source.pk)
        source.refresh_from_db()
    assert alive.link_status == Source.LinkStatus.OK
    assert dead.link_status == Source.LinkStatus.DEAD
    assert down.link_status == Source.LinkStatus.UNREACHABLE


def test_check_links_command_queues_every_source(
    allow_private, fixture_server, make_source
):
    from django.core.management import call_command

    make_source(
        "a", url=fixture_server + "/gone", archive_url="https://web.archive.org/web/x"
    )
    make_source("b", url=fixture_server + "/good")
    make_source("paper")  # no address: nothing to check
    call_command("check_links")
    dead = Source.objects.get(key="a")
    assert dead.link_status == Source.LinkStatus.DEAD
    # Readers are sent to the archive once the link is dead.
    assert dead.reader_url == "https://web.archive.org/web/x"
    assert Source.objects.get(key="b").link_status == Source.LinkStatus.OK
    assert Source.objects.get(key="paper").link_status == Source.LinkStatus.UNCHECKED


def test_dead_link_without_archive_points_to_snapshot(make_source):
    source = make_source(
        "snap", url="https://ex.org/a", snapshot_text="texte", link_status="dead"
    )
    assert source.reader_url == "/sources/snap/#snapshot"


def test_archiving_asks_save_page_now_when_enabled(
    allow_private, fixture_server, contributor
):
    allow_private.CARRE_ARCHIVE_ORG = True
    # A local stand-in: the real archive is never called from the tests.
    allow_private.CARRE_ARCHIVE_SAVE_URL = fixture_server + "/save/"
    source, _ = services.add_source_by_url(
        url=fixture_server + "/good", added_by=contributor
    )
    source.refresh_from_db()
    assert source.archive_url == (
        fixture_server + "/web/20230126120000/" + fixture_server + "/good"
    )


def test_archiving_is_off_by_default(allow_private, fixture_server, contributor):
    source, _ = services.add_source_by_url(
        url=fixture_server + "/good", added_by=contributor
    )
    source.refresh_from_db()
    assert source.archive_url == ""
