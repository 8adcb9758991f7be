"""The htmx layer (carre/htmx.py): one URL answers the page or its fragment,
and every answer that can differ says so in `Vary`."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from carre.htmx import (
    fragment_or_redirect,
    navigate,
    no_content_or_redirect,
    page_or_fragment,
    vary_on_htmx,
)

PAGE = (
    "<html><h1>Thread</h1>"
    '{% partialdef post inline %}<article id="post-1">{{ text }}</article>'
    "{% endpartialdef post %}</html>"
)


@pytest.fixture(autouse=True)
def page_template(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"page.html": PAGE})
                ]
            },
        }
    ]


def request_for(*, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().post("/thread/", headers=headers)
    request.htmx = HtmxDetails(request)
    return request


def vary(response) -> set[str]:
    return {value.strip() for value in response.get("Vary", "").split(",")}


def test_page_or_fragment_renders_the_page_without_htmx():
    response = page_or_fragment(
        request_for(htmx=False), "page.html", "post", {"text": "Savari"}
    ).render()
    assert response.content.decode() == (
        '<html><h1>Thread</h1><article id="post-1">Savari</article></html>'
    )
    assert "HX-Request" in vary(response)


def test_page_or_fragment_renders_only_the_partial_for_htmx():
    response = page_or_fragment(
        request_for(htmx=True), "page.html", "post", {"text": "Savari"}
    ).render()
    assert response.content.decode() == '<article id="post-1">Savari</article>'
    assert "HX-Request" in vary(response)


def test_page_or_fragment_keeps_the_status():
    response = page_or_fragment(
        request_for(htmx=True), "page.html", "post", {"text": ""}, status=422
    )
    assert response.status_code == 422


def test_page_or_fragment_retargets_htmx_answers_only():
    htmx = page_or_fragment(
        request_for(htmx=True), "page.html", "post", target="#reply-form"
    )
    assert htmx["HX-Retarget"] == "#reply-form"
    assert htmx["HX-Reswap"] == "outerHTML"
    plain = page_or_fragment(
        request_for(htmx=False), "page.html", "post", target="#reply-form"
    )
    assert "HX-Retarget" not in plain and "HX-Reswap" not in plain


def test_page_or_fragment_without_target_does_not_retarget():
    response = page_or_fragment(request_for(htmx=True), "page.html", "post")
    assert "HX-Retarget" not in response


def test_fragment_or_redirect_swaps_the_fragment_for_htmx():
    response = fragment_or_redirect(
        request_for(htmx=True), "/t/1/#post-1", "page.html", "post", {"text": "Oui"}
    ).render()
    assert response.status_code == 200
    assert response.content.decode() == '<article id="post-1">Oui</article>'
    assert "HX-Request" in vary(response)


def test_fragment_or_redirect_redirects_a_plain_post():
    response = fragment_or_redirect(
        request_for(htmx=False), "/t/1/#post-1", "page.html", "post"
    )
    assert response.status_code == 302
    assert response["Location"] == "/t/1/#post-1"
    assert "HX-Request" in vary(response)


def test_navigate_is_a_client_redirect_for_htmx():
    response = navigate(request_for(htmx=True), "/t/1/")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/t/1/"
    assert "Location" not in response
    assert "HX-Request" in vary(response)


def test_navigate_is_a_302_without_htmx():
    response = navigate(request_for(htmx=False), "/t/1/")
    assert response.status_code == 302
    assert response["Location"] == "/t/1/"
    assert "HX-Redirect" not in response
    assert "HX-Request" in vary(response)


def test_no_content_or_redirect():
    htmx = no_content_or_redirect(request_for(htmx=True), "/t/1/")
    assert htmx.status_code == 204 and htmx.content == b""
    plain = no_content_or_redirect(request_for(htmx=False), "/t/1/")
    assert plain.status_code == 302 and plain["Location"] == "/t/1/"
    assert "HX-Request" in vary(htmx) and "HX-Request" in vary(plain)


def test_vary_on_htmx_keeps_what_the_answer_already_varies_on():
    response = HttpResponse()
    response["Vary"] = "Cookie"
    vary_on_htmx(response)
    assert vary(response) == {"Cookie", "HX-Request"}


# --- fragment_or_redirect: the flash message, a fragment file of its own --------


def with_messages(request):
    from django.contrib.messages.storage.cookie import CookieStorage

    request._messages = CookieStorage(request)
    return request


def flashed(request) -> list[tuple[int, str]]:
    from django.contrib.messages import get_messages

    return [(message.level, message.message) for message in get_messages(request)]


def test_fragment_or_redirect_flashes_the_message_for_a_plain_post():
    from django.contrib import messages

    request = with_messages(request_for(htmx=False))
    response = fragment_or_redirect(
        request,
        "/t/1/",
        "page.html",
        "post",
        message="Modification enregistrée.",
        level=messages.WARNING,
    )
    assert response.status_code == 302
    assert flashed(request) == [(messages.WARNING, "Modification enregistrée.")]


def test_fragment_or_redirect_shows_no_flash_to_htmx():
    # The fragment carries its own notice; a flash would come back on the
    # next page the user opens.
    request = with_messages(request_for(htmx=True))
    response = fragment_or_redirect(
        request, "/t/1/", "page.html", "post", {"text": "Oui"}, message="Enregistré."
    )
    assert response.status_code == 200
    assert flashed(request) == []


def test_fragment_or_redirect_keeps_the_status_of_the_fragment():
    response = fragment_or_redirect(
        request_for(htmx=True), "/t/1/", "page.html", "post", status=409
    )
    assert response.status_code == 409


def test_fragment_or_redirect_without_a_fragment_renders_the_whole_template():
    response = fragment_or_redirect(
        request_for(htmx=True), "/t/1/", "page.html", None, {"text": "Oui"}
    ).render()
    assert response.content.decode().startswith("<html><h1>Thread</h1>")
    assert "HX-Request" in vary(response)
