"""Nothing on any main page is loaded from another origin."""

from django.urls import reverse

from tests.factories import make_user


def main_pages(settings) -> list[str]:
    """The main pages, with content in them (threads, dossiers, sources)."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    author = make_user("felix", display_name="Felix")
    pages = [reverse("home"), reverse("map"), reverse("account_login")]
    pages.append(reverse("search") + "?q=Savari")
    source = None
    try:
        from sources import services as sources

        source = sources.add_source_manually(
            added_by=author,
            key="rapport-2023",
            url="https://www.assemblee-nationale.fr/rapport.pdf",
            title="Rapport parlementaire",
        )
        pages += [reverse("source-list"), source.get_absolute_url()]
    except ImportError:
        pass
    try:
        from forum import services as forum
        from forum.models import Category

        category = Category.objects.create(name="Villes", slug="villes")
        thread = forum.create_thread(
            category=category,
            author=author,
            title="Reims : Savari",
            body="Voir https://www.streetpress.com/ pour l\u2019enquête.",
            enforce_limits=False,
        )
        pages += [reverse("forum-index"), thread.get_absolute_url()]
    except ImportError:
        pass
    try:
        from dossiers import services as dossiers
        from dossiers.models import Dossier

        dossier = dossiers.create_dossier(
            author=author,
            title="Reims",
            kind="city",
            place="Reims",
            status=Dossier.Status.PUBLISHED,
        )
        dossiers.add_section(
            dossier,
            editor=author,
            title="Vidéoprotection",
            text="245 caméras en 2022 [@rapport-2023].",
        )
        pages += [reverse("dossier-list"), dossier.get_absolute_url()]
    except ImportError:
        pass
    return pages


def test_main_pages_load_nothing_from_another_origin(page, live_server, settings):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    pages = main_pages(settings)
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert len(requested) >= len(pages)
    foreign = [
        url
        for url in requested
        if not url.startswith(live_server.url) and not url.startswith("data:")
    ]
    assert foreign == []
    assert page.foreign_requests == []
