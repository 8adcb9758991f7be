import datetime
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facts import services
from facts.models import Actor, Figure

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def actor(dossier, contributor):
    return services.add_actor(dossier=dossier, by=contributor, name="Thales")


def add_url(dossier, kind):
    return reverse("fact-add", kwargs={"slug": dossier.slug, "kind": kind})


def fact_url(name, fact, **extra):
    return reverse(name, kwargs={"kind": fact.kind, "pk": fact.pk, **extra})


# --- permissions per URL and role ----------------------------------------------


def _to_login(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_is_sent_to_login_from_the_add_form(client, dossier):
    assert _to_login(client.get(add_url(dossier, "actor")))
    assert _to_login(client.post(add_url(dossier, "actor"), {"name": "X"}))
    assert not Actor.objects.exists()


def test_anonymous_cannot_edit(client, actor):
    assert _to_login(client.get(fact_url("fact-edit", actor)))
    assert _to_login(client.post(fact_url("fact-edit", actor), {"name": "Y"}))
    actor.refresh_from_db()
    assert actor.name == "Thales"


def test_anonymous_reads_history_of_published_dossier(client, actor):
    response = client.get(fact_url("fact-history", actor))
    assert response.status_code == 200
    assert "Thales" in response.text


def test_draft_dossier_facts_invisible_to_anonymous(client, draft_dossier, contributor):
    actor = services.add_actor(dossier=draft_dossier, by=contributor, name="Secret")
    assert client.get(fact_url("fact-history", actor)).status_code == 404
    assert _to_login(client.get(add_url(draft_dossier, "actor")))
    panel = reverse("facts-panel", kwargs={"slug": draft_dossier.slug})
    assert client.get(panel, **HTMX).status_code == 404


def test_contributor_cannot_lock_or_restore(client, contributor, actor):
    client.force_login(contributor)
    response = client.post(fact_url("fact-lock", actor), {"locked": "1"})
    assert response.status_code == 403
    services.remove_fact(actor, by=contributor)
    assert client.post(fact_url("fact-restore", actor)).status_code == 404


def test_moderator_locks_then_contributor_cannot_edit(
    client, contributor, moderator, actor
):
    client.force_login(moderator)
    response = client.post(fact_url("fact-lock", actor), {"locked": "1"})
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.locked
    client.force_login(contributor)
    assert client.get(fact_url("fact-edit", actor)).status_code == 403


def test_locked_dossier_refuses_contributors(client, contributor, moderator, dossier):
    from dossiers.services import set_dossier_locked

    set_dossier_locked(dossier, moderator=moderator, locked=True)
    client.force_login(contributor)
    assert client.get(add_url(dossier, "actor")).status_code == 403


def test_revert_needs_post_and_permission(client, contributor, actor):
    url = fact_url("fact-revert", actor, number=1)
    assert client.get(url).status_code in (302, 405)
    assert _to_login(client.post(url))
    client.force_login(contributor)
    assert client.post(url).status_code == 302


# --- add and edit, with and without htmx -----------------------------------------


def savari_cost_form(actor, **more):
    """The figure form as the mayor's figure for Savari fills it."""
    return {
        "subject": "Coût du logiciel",
        "value": "60000",
        "unit": "€",
        "as_of": "2023-01-30",
        "as_of_precision": "day",
        "attributed_to": actor.pk,
        "source_key": "conseil-reims-2023",
        "locator": "26:00",
        "rank": "normal",
        **more,
    }


def test_add_figure_without_js_redirects_to_the_dossier(
    client, contributor, dossier, actor, council_video
):
    client.force_login(contributor)
    response = client.post(
        add_url(dossier, "figure"),
        savari_cost_form(actor),
    )
    figure = Figure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{dossier.get_absolute_url()}#figure-{figure.pk}"
    assert figure.source == council_video
    assert figure.attributed_to == actor


def test_add_with_htmx_returns_the_panel(client, contributor, dossier):
    client.force_login(contributor)
    response = client.post(
        add_url(dossier, "event"),
        {
            "date": "2023-01-26",
            "date_precision": "day",
            "end_precision": "day",
            "title": "Enquête de StreetPress",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert 'id="dossier-facts"' in response.text
    assert "26 janvier 2023" in response.text
    assert "HX-Request" in response["Vary"]


def test_invalid_input_keeps_the_typed_text(client, contributor, dossier):
    client.force_login(contributor)
    response = client.post(
        add_url(dossier, "figure"),
        {
            "subject": "Caméras à Reims",
            "value": "beaucoup",
            "as_of_precision": "day",
            "rank": "normal",
            "source_key": "inconnue",
        },
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#fact-form-figure-new"
    assert "Caméras à Reims" in response.text
    assert "inconnue" in response.text
    assert "Saisissez un nombre" in response.text
    assert not Figure.objects.exists()


def test_unknown_citation_key_is_reported(client, contributor, dossier):
    client.force_login(contributor)
    response = client.post(
        add_url(dossier, "event"),
        {
            "date": "2023-01-26",
            "date_precision": "day",
            "end_precision": "day",
            "title": "Enquête",
            "citations": "introuvable, p. 3",
        },
    )
    assert response.status_code == 422
    assert "introuvable" in response.text


def test_edit_conflict_answers_409_and_keeps_the_text(
    client, contributor, other_contributor, actor
):
    services.edit_fact(
        actor, by=other_contributor, values={"role": "industriel"}, base_version=1
    )
    client.force_login(contributor)
    response = client.post(
        fact_url("fact-edit", actor),
        {"name": "Thales RCS", "actor_kind": "vendor", "base_version": "1"},
        **HTMX,
    )
    assert response.status_code == 409
    assert "Thales RCS" in response.text
    assert 'name="base_version" value="2"' in response.text
    actor.refresh_from_db()
    assert actor.name == "Thales"
    # Both versions side by side: the role saved meanwhile, and the name typed.
    (table,) = lxml.html.fromstring(response.text).xpath(
        "//table[@class='fact-conflict']"
    )
    assert "version 2, par css" in table.find("caption").text_content()
    rows = {
        row.find("th").text.strip(): [cell.text_content() for cell in row.findall("td")]
        for row in table.xpath("tbody/tr")
    }
    assert rows["Rôle dans le dossier"] == ["industriel", ""]
    assert rows["Nom"] == ["Thales", "Thales RCS"]
    differing = {
        row.find("th").text.strip() for row in table.xpath("//tr[@class='differs']")
    }
    assert differing == {"Nom", "Type", "Rôle dans le dossier"}
    assert rows["Type"] == ["Personne", "Fournisseur"]  # labels, not codes


def test_figure_conflict_marks_only_the_fields_that_differ(
    client, contributor, other_contributor, actor, council_video
):
    figure = services.add_figure(
        dossier=actor.dossier,
        by=contributor,
        subject="Coût du logiciel",
        value=Decimal("60000"),
        unit="€",
        as_of=datetime.date(2023, 1, 30),
        attributed_to=actor,
        source=council_video,
        locator="26:00",
    )
    services.edit_fact(
        figure, by=other_contributor, values={"unit": "euros"}, base_version=1
    )
    client.force_login(contributor)
    response = client.post(
        fact_url("fact-edit", figure),
        savari_cost_form(actor, note="Selon le maire.", base_version="1"),
    )
    assert response.status_code == 409
    (table,) = lxml.html.fromstring(response.text).xpath(
        "//table[@class='fact-conflict']"
    )
    differing = {
        row.find("th").text.strip() for row in table.xpath("//tr[@class='differs']")
    }
    assert differing == {"Unité", "Note"}
    rows = {
        row.find("th").text.strip(): [cell.text_content() for cell in row.findall("td")]
        for row in table.xpath("tbody/tr")
    }
    assert rows["Selon"] == ["Thales", "Thales"]
    assert rows["Valeur"] == ["60000", "60000"]


def test_edit_form_fragment_for_htmx(client, contributor, actor):
    client.force_login(contributor)
    response = client.get(fact_url("fact-edit", actor), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<div id="fact-form-actor-{actor.pk}"')
    assert "<html" not in response.text


def test_history_shows_every_revision(client, contributor, actor):
    services.edit_fact(actor, by=contributor, values={"name": "Thalès"}, base_version=1)
    response = client.get(fact_url("fact-history", actor))
    assert "Révision 2" in response.text
    assert "Révision 1" in response.text


# --- query counts ------------------------------------------------------------------


def _fill(dossier, user, source, n):
    actor = services.add_actor(dossier=dossier, by=user, name=f"Acteur {n}")
    services.add_figure(
        dossier=dossier,
        by=user,
        subject=f"Sujet {n % 2}",
        value=n,
        attributed_to=actor,
        source=source,
    )
    services.add_event(
        dossier=dossier,
        by=user,
        date=datetime.date(2020 + n, 1, 1),
        title=f"Événement {n}",
        citations=[(source, "p. 1")],
    )
    services.add_deployment(
        dossier=dossier,
        by=user,
        technology="video_surveillance",
        status="deployed",
        vendor=actor,
        citations=[(source, "")],
    )


def _panel_queries(client, dossier):
    url = reverse("facts-panel", kwargs={"slug": dossier.slug})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_panel_query_count_does_not_grow(
    client, contributor, dossier, council_video, django_assert_max_num_queries
):
    client.force_login(contributor)
    _fill(dossier, contributor, council_video, 1)
    few = _panel_queries(client, dossier)
    for n in range(2, 8):
        _fill(dossier, contributor, council_video, n)
    many = _panel_queries(client, dossier)
    assert many == few
    url = reverse("facts-panel", kwargs={"slug": dossier.slug})
    with django_assert_max_num_queries(12):
        client.get(url, **HTMX)


def test_map_query_count_does_not_grow(
    client, contributor, council_video, django_assert_max_num_queries
):
    from tests.facts.conftest import make_dossier

    for n in range(6):
        dossier = make_dossier(
            contributor, title=f"Ville {n}", latitude=45 + n / 10, longitude=2
        )
        _fill(dossier, contributor, council_video, n)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("map"))
    assert response.text.count('href="/dossiers/ville-') >= 6


def test_dossier_page_shows_the_panel_with_constant_queries(
    client, contributor, dossier, council_video
):
    _fill(dossier, contributor, council_video, 1)
    with CaptureQueriesContext(connection) as few:
        response = client.get(dossier.get_absolute_url())
    assert 'id="dossier-facts"' in response.text
    assert "Acteur 1" in response.text
    for n in range(2, 6):
        _fill(dossier, contributor, council_video, n)
    with CaptureQueriesContext(connection) as many:
        client.get(dossier.get_absolute_url())
    assert len(many) == len(few)
