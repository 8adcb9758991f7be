"""The dossier page's cached body, its validators and its cache headers."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from dossiers import services
from dossiers.models import Section, SectionRevision
from sources.services import add_source_manually, update_source
from tests.dossiers.conftest import make_dossier

TOKEN_RE = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"')


def without_tokens(content: bytes) -> str:
    """The page with its CSRF tokens blanked (masked anew on every request)."""
    return TOKEN_RE.sub(r'\1""', content.decode())


@pytest.fixture
def cited_dossier(contributor):
    add_source_manually(
        added_by=contributor,
        key="streetpress2023",
        url="https://www.streetpress.com/sujet/reims-savari",
        title="À Reims, la mairie teste un logiciel",
    )
    return make_dossier(
        contributor,
        title="Reims",
        sections=[
            ("Savari", "Thales teste un logiciel [@streetpress2023, p. 2]."),
            ("Coût", "Deux chiffres circulent [@streetpress2023]."),
        ],
    )


def first_section(dossier) -> Section:
    return dossier.sections.order_by("position", "pk").first()


def edit(section, editor, text):
    services.save_section(
        section,
        editor=editor,
        title=section.title,
        text=text,
        base_revision=section.current_revision,
    )


def test_dossier_body_from_the_cache_is_the_page_rendered_fresh(client, cited_dossier):
    url = cited_dossier.get_absolute_url()
    fresh = client.get(url)
    cached = client.get(url)
    assert without_tokens(cached.content) == without_tokens(fresh.content)
    content = cached.content.decode()
    assert 'id="ref-streetpress2023"' in content
    assert 'href="#ref-streetpress2023">[1]</a>' in content
    assert "carre-csrf-placeholder" not in content


def test_dossier_body_is_rendered_again_after_an_edit(client, contributor, dossier):
    url = dossier.get_absolute_url()
    assert "Premier paragraphe." in client.get(url).content.decode()
    edit(first_section(dossier), contributor, "Texte réécrit par un autre.")
    content = client.get(url).content.decode()
    assert "Texte réécrit par un autre." in content
    assert "Premier paragraphe." not in content
    assert "Version 2, par" in content


def test_dossier_body_follows_a_moved_section(client, contributor, dossier):
    url = dossier.get_absolute_url()
    before = client.get(url).content.decode()
    assert before.index('id="programme-2020"') < before.index(
        'id="experimentation-savari"'
    )
    section = first_section(dossier)
    services.move_section(section, editor=contributor, direction="down")
    after = client.get(url).content.decode()
    assert after.index('id="programme-2020"') > after.index(
        'id="experimentation-savari"'
    )


def test_dossier_references_follow_a_corrected_source(
    client, contributor, cited_dossier
):
    from sources.models import Source

    url = cited_dossier.get_absolute_url()
    assert "la mairie teste un logiciel" in client.get(url).content.decode()
    source = Source.objects.get(key="streetpress2023")
    update_source(source, editor=contributor, title="Reims et Savari, l'enquête")
    assert "l&#x27;enquête" in client.get(url).content.decode()


def test_dossier_page_answers_304_to_a_reload(client, contributor, dossier):
    url = dossier.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    reload = client.get(url, headers={"if-none-match": etag})
    assert reload.status_code == 304
    assert reload.headers["ETag"] == etag
    assert reload.content == b""
    edit(first_section(dossier), contributor, "Nouveau texte.")
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again.headers["ETag"] != etag
    assert "Nouveau texte." in again.content.decode()


def test_dossier_page_cache_headers_for_anonymous_and_signed_in(
    client, contributor, dossier
):
    url = dossier.get_absolute_url()
    anonymous = client.get(url)
    assert "public" in anonymous.headers["Cache-Control"]
    assert "max-age=60" in anonymous.headers["Cache-Control"]
    vary = {part.strip() for part in anonymous.headers["Vary"].split(",")}
    assert {"Cookie", "Accept-Language", "HX-Request"} <= vary
    client.force_login(contributor)
    signed_in = client.get(url)
    assert "private" in signed_in.headers["Cache-Control"]
    assert "no-cache" in signed_in.headers["Cache-Control"]
    assert "public" not in signed_in.headers["Cache-Control"]
    assert "ETag" not in signed_in.headers
    etag = anonymous.headers["ETag"]
    # A signed-in reader never gets the anonymous page's 304.
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_dossier_page_max_age_is_a_setting(client, dossier, settings):
    settings.CARRE_DOSSIER_MAX_AGE = 300
    response = client.get(dossier.get_absolute_url())
    assert "max-age=300" in response.headers["Cache-Control"]


def test_dossier_page_in_the_other_language_after_a_warm_cache(client, dossier):
    url = dossier.get_absolute_url()
    french = client.get(url, headers={"accept-language": "fr"})
    assert "Version 1, par" in french.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url, headers={"if-none-match": french.headers["ETag"]})
    assert english.status_code == 200
    assert "Version 1, by" in english.content.decode()
    assert "Version 1, par" not in english.content.decode()


def test_htmx_and_plain_requests_have_their_own_etag(client, dossier):
    url = dossier.get_absolute_url()
    plain = client.get(url)
    htmx = client.get(
        url, headers={"hx-request": "true", "if-none-match": plain.headers["ETag"]}
    )
    assert htmx.status_code == 200


@pytest.mark.parametrize("first", ["anonymous", "contributor", "moderator"])
def test_dossier_page_buttons_match_the_viewer_whoever_warmed_the_cache(
    first, contributor, moderator, dossier
):
    section = first_section(dossier)
    edit_url = reverse("section-edit", args=[dossier.slug, section.pk])
    readers = {"anonymous": Client(), "contributor": Client(), "moderator": Client()}
    readers["contributor"].force_login(contributor)
    readers["moderator"].force_login(moderator)
    url = dossier.get_absolute_url()
    readers[first].get(url)
    pages = {name: reader.get(url).content.decode() for name, reader in readers.items()}

    assert edit_url not in pages["anonymous"]
    assert 'class="section-actions"' not in pages["anonymous"]
    assert "Ajouter une section" not in pages["anonymous"]
    for name in ("contributor", "moderator"):
        assert f'href="{edit_url}"' in pages[name]
        assert 'name="direction" value="up"' in pages[name]
        assert "Ajouter une section" in pages[name]
        assert "carre-csrf-placeholder" not in pages[name]
    assert "Verrouiller la section" in pages["moderator"]
    assert "Verrouiller la section" not in pages["contributor"]


def test_the_cached_forms_carry_the_viewers_own_token(contributor, dossier):
    warm = Client()
    warm.force_login(contributor)
    warm.get(dossier.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(contributor)
    page = reader.get(dossier.get_absolute_url()).content.decode()
    section = first_section(dossier)
    move = reverse("section-move", args=[dossier.slug, section.pk])
    form = page[page.index(f'action="{move}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = reader.post(move, {"direction": "down", "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)


def test_a_change_made_by_another_process_shows_at_once(
    transactional_db, client, contributor
):
    from tests.ops.conftest import manage_on_test_db

    dossier = make_dossier(contributor, sections=[("Savari", "Texte initial.")])
    url = dossier.get_absolute_url()
    assert "Texte initial." in client.get(url).content.decode()
    from carre.release import release

    # The body is in the cache (the test settings' LocMemCache, whose keys
    # carry the ":1:" version prefix).
    variant = f":1:dossier-page:{release()}:{dossier.pk}:fr:Europe/Paris:reader"
    assert any(key.startswith(variant) for key in caches["default"]._cache)
    # The other process runs with the site's settings, where a new account's
    # edit would wait for review (accounts/trust.py): this one's goes live.
    contributor.trust_level_override = 1
    contributor.save(update_fields=["trust_level_override"])

    code = (
        "from dossiers import services; from dossiers.models import Section; "
        f"s = Section.objects.get(dossier_id={dossier.pk}); "
        "services.save_section(s, editor=s.current_revision.editor, "
        "title=s.title, text='Écrit par un autre processus.', "
        "base_revision=s.current_revision)"
    )
    process = manage_on_test_db("shell", "-c", code)
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output

    content = client.get(url).content.decode()
    assert "Écrit par un autre processus." in content
    assert "Texte initial." not in content


def add_sections(dossier, author, count):
    """`count` sections with one revision each, written in bulk (a dossier of
    2,000 sections through the services would take minutes)."""
    sections = Section.objects.bulk_create(
        Section(
            dossier=dossier,
            title=f"Section {n}",
            anchor=f"section-{n}",
            position=n + 1,
            text=f"Texte {n}.",
            html=f"<p>Texte {n}.</p>",
            version=1,
        )
        for n in range(count)
    )
    revisions = SectionRevision.objects.bulk_create(
        SectionRevision(
            section=section,
            number=1,
            title=section.title,
            text=section.text,
            html=section.html,
            editor=author,
        )
        for section in sections
    )
    for section, revision in zip(sections, revisions, strict=True):
        section.current_revision = revision
    Section.objects.bulk_update(sections, ["current_revision"])


def test_anonymous_dossier_page_sets_no_cookie(client, dossier):
    response = client.get(dossier.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_cached_page_costs_the_same_queries_for_2000_sections_as_for_20(
    client, contributor, django_assert_num_queries
):
    small = make_dossier(contributor, title="Petit")
    add_sections(small, contributor, 20)
    large = make_dossier(contributor, title="Grand")
    add_sections(large, contributor, 2000)
    signed_in = Client()
    signed_in.force_login(contributor)
    for dossier in (small, large):
        url = dossier.get_absolute_url()
        assert "Section 19" in client.get(url).content.decode()
        signed_in.get(url)
        # Anonymous: the dossier and its sections' digest; the page is kept
        # whole (carre/shared_pages.py).
        with django_assert_num_queries(2):
            assert client.get(url).status_code == 200
        # Signed in: the body is cached; session, user (with the moderator
        # role: accounts/backends.py), rights, drafts, watch state,
        # notifications, contributors and facts panel are read for this
        # reader (none of them per section). Was 15 with the role apart.
        with django_assert_num_queries(14):
            assert signed_in.get(url).status_code == 200


def test_anonymous_page_kept_whole_shows_an_edit_at_once(client, contributor, dossier):
    url = dossier.get_absolute_url()
    client.get(url)
    assert client.get(url).content == client.get(url).content
    edit(first_section(dossier), contributor, "Texte révisé pour la presse.")
    assert "Texte révisé pour la presse." in client.get(url).content.decode()


def test_a_new_release_of_the_templates_is_never_served_an_old_page(
    client, dossier, settings, tmp_path
):
    """After an upgrade, neither the shared cache nor a browser's ETag brings
    back a page rendered by the previous code."""
    from carre import release

    url = dossier.get_absolute_url()
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<!-- next release -->")
    settings.BASE_DIR = tmp_path
    release.release.cache_clear()
    try:
        upgraded = client.get(url, headers={"if-none-match": etag})
        assert upgraded.status_code == 200
        assert upgraded.headers["ETag"] != etag
    finally:
        release.release.cache_clear()


def test_the_release_digest_follows_templates_and_code_only(tmp_path):
    from carre.release import digest_of

    (tmp_path / "app" / "templates").mkdir(parents=True)
    page = tmp_path / "app" / "templates" / "page.html"
    page.write_text("<p>Version 1</p>")
    before = digest_of(tmp_path)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text("x = 1")
    (tmp_path / "app" / "notes.md").write_text("not rendered")
    assert digest_of(tmp_path) == before
    page.write_text("<p>Version 2</p>")
    assert digest_of(tmp_path) != before
