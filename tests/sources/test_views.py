import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources import services
from sources.models import Source
from tests.factories import make_user
from tests.sources.test_uploads import jpeg_with_gps

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def source(make_source):
    return make_source(
        "streetpress-2023-01-26",
        url="https://www.streetpress.com/sujet/1674",
        title="Reims expérimente une IA",
        publisher="StreetPress",
    )


@pytest.mark.parametrize(
    ("name", "anonymous", "contributor_status"),
    [
        ("source-list", 200, 200),
        ("source-detail", 200, 200),
        ("source-picker", 200, 200),
        ("source-add", 302, 200),
        ("source-edit", 302, 200),
    ],
)
def test_get_permissions_per_url_and_role(
    client, source, contributor, name, anonymous, contributor_status
):
    kwargs = {"key": source.key} if name in ("source-detail", "source-edit") else {}
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == anonymous
    if anonymous == 302:
        assert "/accounts/login/" in response["Location"]
    client.force_login(contributor)
    assert client.get(url).status_code == contributor_status


def test_inactive_user_cannot_add(client, db):
    user = make_user("dormant")
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.post(
        reverse("source-add"),
        {"mode": "manual", "manual-title": "x", "manual-kind": "other"},
    )
    assert response.status_code in (302, 403)
    assert not Source.objects.exists()


def test_anonymous_cannot_post(client, source):
    response = client.post(reverse("source-refetch", kwargs={"key": source.key}))
    assert response.status_code == 302
    response = client.post(
        reverse("source-add"),
        {"mode": "manual", "manual-title": "x", "manual-kind": "other"},
    )
    assert response.status_code == 302
    assert Source.objects.count() == 1


def test_get_never_changes_state(client, contributor, source):
    client.force_login(contributor)
    response = client.get(reverse("source-refetch", kwargs={"key": source.key}))
    assert response.status_code == 405


def test_add_by_url_redirects_to_the_source(client, contributor, settings):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False  # the fetch fails: refused address
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        {
            "mode": "url",
            "url-url": "http://127.0.0.1:9/page?utm_source=x",
            "url-kind": "article",
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == source.get_absolute_url()
    assert source.url == "http://127.0.0.1:9/page"
    page = client.get(source.get_absolute_url())
    assert "réseau privé ou local" in page.content.decode()


def test_add_by_url_bad_address_keeps_the_text(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        {"mode": "url", "url-url": "ftp://x", "url-kind": "article"},
    )
    assert response.status_code == 400
    assert 'value="ftp://x"' in response.content.decode()
    assert not Source.objects.exists()


def test_add_manually_with_taken_key_is_refused(client, contributor, source):
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        {
            "mode": "manual",
            "manual-key": source.key,
            "manual-title": "Autre",
            "manual-kind": "other",
        },
    )
    assert response.status_code == 400
    assert Source.objects.count() == 1


def test_edit_source(client, contributor, source):
    client.force_login(contributor)
    response = client.post(
        reverse("source-edit", kwargs={"key": source.key}),
        {"key": source.key, "title": "Titre corrigé", "kind": "article"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Titre corrigé"


def test_pending_source_polls_and_stops_when_done(client, source):
    source.fetch_status = Source.FetchStatus.PENDING
    source.save()
    url = source.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    source.fetch_status = Source.FetchStatus.DONE
    source.save()
    fragment = client.get(url + "?fragment=status", **HTMX)
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="source-summary"')
    assert "every 2s" not in body
    assert "<html" not in body


def test_failed_fetch_shows_reason(client, source):
    source.fetch_status = Source.FetchStatus.FAILED
    source.fetch_error = Source.FetchError.TIMEOUT
    source.save()
    page = client.get(source.get_absolute_url()).content.decode()
    assert "trop de temps" in page


def test_detail_lists_every_place_cited(client, source, contributor, other_contributor):
    services.sync_citations(contributor, "[@streetpress-2023-01-26, p. 3]")
    services.sync_citations(other_contributor, "[@streetpress-2023-01-26]")
    page = client.get(source.get_absolute_url()).content.decode()
    assert "p. 3" in page
    assert str(contributor) in page and str(other_contributor) in page


def test_picker_returns_keys(client, source):
    response = client.get(reverse("source-picker"), {"q": "streetpress"}, **HTMX)
    body = response.content.decode()
    assert 'data-key="streetpress-2023-01-26"' in body
    assert "<html" not in body
    full = client.get(reverse("source-picker"), {"q": "streetpress"})
    assert "<html" in full.content.decode()


def test_list_search_partial(client, source, make_source):
    make_source("autre", title="Un autre document")
    response = client.get(reverse("source-list"), {"q": "IA"}, **HTMX)
    body = response.content.decode()
    assert "Reims expérimente une IA" in body
    assert "Un autre document" not in body


def test_source_list_query_count_is_constant(
    client, make_source, contributor, django_assert_max_num_queries
):
    for number in range(30):
        source = make_source(f"s{number}", added_by=contributor)
        services.sync_citations(source, f"[@s{number}]")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("source-list"))
    assert response.status_code == 200


def test_source_detail_query_count_is_constant(
    client, source, django_assert_max_num_queries
):
    for number in range(20):
        user = make_user(f"citer{number}")
        services.sync_citations(user, "[@streetpress-2023-01-26]")
    with django_assert_max_num_queries(6):
        response = client.get(source.get_absolute_url())
    assert response.status_code == 200


def test_api_lists_sources(client, source):
    response = client.get("/api/v1/sources/")
    assert response.status_code == 200
    assert response.json()["items"][0]["key"] == source.key


def test_source_detail_lists_citing_sections_in_constant_queries(
    client, source, contributor, django_assert_max_num_queries
):
    from dossiers.models import Dossier, Section

    dossier = Dossier.objects.create(title="Reims", slug="reims", kind="city")
    for number in range(10):
        section = Section.objects.create(
            dossier=dossier, title=f"Partie {number}", anchor=f"partie-{number}"
        )
        services.sync_citations(section, "[@streetpress-2023-01-26, p. 2]")
    with django_assert_max_num_queries(6):
        response = client.get(source.get_absolute_url())
    body = response.content.decode()
    assert "Partie 9" in body
    assert "/dossiers/reims/#partie-9" in body


def test_upload_through_the_form(client, contributor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        {
            "mode": "upload",
            "upload-file": SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps()),
            "upload-title": "Caméra place d'Erlon",
            "upload-kind": "photo",
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert source.file_type == "image/jpeg"
    assert "IMG_0001" not in source.file.name


def test_upload_of_a_wrong_type_keeps_the_title(
    client, contributor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        {
            "mode": "upload",
            "upload-file": SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image"),
            "upload-title": "Mon titre",
            "upload-kind": "photo",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Mon titre"' in body
    assert "Seuls les images" in body
    assert not Source.objects.exists()


def test_list_filters_by_kind_and_link_status(client, make_source):
    make_source("video", kind="video", title="La vidéo du conseil")
    make_source("dead", link_status="dead", title="Un lien mort")
    body = client.get(reverse("source-list"), {"kind": "video"}).content.decode()
    assert "La vidéo du conseil" in body and "Un lien mort" not in body
    body = client.get(reverse("source-list"), {"link": "dead"}).content.decode()
    assert "Un lien mort" in body and "La vidéo du conseil" not in body


def test_admin_actions_queue_link_checks(client, admin_user, make_source, settings):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    source = make_source("a", url="http://127.0.0.1:9/x")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "check_links", "_selected_action": [source.pk]},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.link_status == Source.LinkStatus.UNREACHABLE


def test_adding_a_known_address_goes_to_the_existing_source(
    client, contributor, source
):
    client.force_login(contributor)
    response = client.post(
        reverse("source-add"),
        {
            "mode": "url",
            "url-url": "https://WWW.streetpress.com/sujet/1674?utm_medium=social",
            "url-kind": "article",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == source.get_absolute_url()
    assert "déjà dans la bibliothèque" in response.content.decode()
    assert Source.objects.count() == 1


def test_refetch_queues_a_new_fetch(client, contributor, source, settings):
    settings.CARRE_FETCH_ALLOW_PRIVATE = False
    source.url = "http://127.0.0.1:9/x"
    source.save()
    client.force_login(contributor)
    response = client.post(reverse("source-refetch", kwargs={"key": source.key}))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert source.fetch_error == Source.FetchError.REFUSED_ADDRESS


def test_edit_form_locks_a_cited_key(client, contributor, source):
    services.sync_citations(contributor, "[@streetpress-2023-01-26]")
    client.force_login(contributor)
    response = client.post(
        reverse("source-edit", kwargs={"key": source.key}),
        {"key": "autre-cle", "title": "Titre", "kind": "article"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.key == "streetpress-2023-01-26"
    assert source.title == "Titre"


def test_admin_cannot_rename_a_cited_source(client, moderator, contributor, source):
    from dossiers import services as dossiers

    dossier = dossiers.create_dossier(
        author=contributor, title="Reims", kind="city", status="published"
    )
    dossiers.add_section(
        dossier, editor=contributor, title="Savari", text="[@streetpress-2023-01-26]"
    )
    url = reverse("admin:sources_source_change", args=[source.pk])
    client.force_login(moderator)
    form = client.get(url).content.decode()
    assert 'name="key"' not in form  # shown, not editable
    assert "streetpress-2023-01-26" in form
    client.post(
        url,
        {
            "key": "renamed",
            "url": source.url,
            "title": "Titre corrigé",
            "kind": source.kind,
            "link_status": source.link_status,
            "language": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    source.refresh_from_db()
    assert source.key == "streetpress-2023-01-26"
    # An uncited source can still have its key corrected.
    uncited = Source.objects.create(key="brouillon", title="Brouillon")
    form = client.get(reverse("admin:sources_source_change", args=[uncited.pk]))
    assert 'name="key"' in form.content.decode()


def test_admin_edit_goes_through_the_service_and_keeps_the_address(
    client, moderator, source
):
    """The admin's change page saves like the site's edit form: the address and
    link status stay as fetched, the metadata is corrected."""
    url = reverse("admin:sources_source_change", args=[source.pk])
    client.force_login(moderator)
    form = client.get(url).content.decode()
    assert 'name="url"' not in form
    assert 'name="link_status"' not in form
    response = client.post(
        url,
        {
            "key": source.key,
            "url": "http://127.0.0.1/internal",
            "title": "Titre corrigé",
            "kind": source.kind,
            "link_status": "dead",
            "language": "fr",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    before_url, before_status = source.url, source.link_status
    source.refresh_from_db()
    assert source.title == "Titre corrigé"
    assert (source.url, source.link_status) == (before_url, before_status)


def test_picker_button_names_the_citation_it_writes(client, source):
    body = client.get(
        reverse("source-picker"), {"q": "streetpress"}, **HTMX
    ).content.decode()
    # static/js/editor.js rewrites the span when a locator is typed.
    assert 'Insérer <span class="pick-citation">[@streetpress-2023-01-26]</span>' in (
        body
    )


@pytest.mark.parametrize(
    ("language", "french", "english"),
    [
        ("fr", "Français", "French"),
        ("EN", "Anglais", "English"),
        ("pt-br", "Portugais brésilien", "Brazilian Portuguese"),
        # Free text (the field is not a list): shown as typed.
        ("occitan", "occitan", "occitan"),
        ("xx-yy", "xx-yy", "xx-yy"),
    ],
)
def test_source_page_names_the_language(client, make_source, language, french, english):
    source = make_source("rapport", title="Rapport", language=language)
    page = client.get(source.get_absolute_url()).content.decode()
    assert f"<dd>{french}</dd>" in page
    client.cookies["django_language"] = "en"
    english_page = client.get(source.get_absolute_url()).content.decode()
    assert f"<dd>{english}</dd>" in english_page


def test_going_back_to_a_filtered_source_list_restores_the_whole_page(client, source):
    # Typing in the search box pushes the address of the results; going back
    # to it, htmx asks for that address again and puts the answer in place of
    # the body: it must be the page, with its search box, not the list alone.
    url = reverse("source-list") + "?q=" + source.title[:5]
    fragment = client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment
    restored = client.get(url, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    page = restored.content.decode()
    assert "<html" in page and 'id="source-search"' in page
    assert "HX-Request" in restored["Vary"]
