"""Bad input answers 4xx with a message, never 500 (issue 9).

Every case the outside attack found, plus the forms of the same class the
fuzz (test_fuzz_routes.py) found since. Django's test client sends no
Accept-Language: pages answer in French, the default.
"""

import pytest
from django.db import connection
from django.test import Client

from forum.models import Post

HUGE = "9" * 30
WHOLE_NUMBER = "doit être un nombre entier"
INVALID_CHARACTERS = "La requête contient des caractères non valides"


def client_for(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def database_still_usable() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


# (role, method, URL, form data, status, text the reader sees)
CASES = {
    "unicode digit in quote (thread)": (
        "contributor",
        "get",
        "/forum/t/{thread}/?quote=%C2%B2",
        None,
        400,
        f"« quote » {WHOLE_NUMBER}",
    ),
    "unicode digit in quote (reply page)": (
        "contributor",
        "get",
        "/forum/t/{thread}/reply/?quote=²",
        None,
        400,
        f"« quote » {WHOLE_NUMBER}",
    ),
    "arabic-indic digit in quote": (
        "contributor",
        "get",
        "/forum/t/{thread}/reply/?quote=%D9%A3",
        None,
        400,
        WHOLE_NUMBER,
    ),
    "unicode digit in post (mark read)": (
        "contributor",
        "post",
        "/forum/t/{thread}/read/",
        {"post": "²"},
        400,
        f"« post » {WHOLE_NUMBER}",
    ),
    "unicode digit in thread (draft)": (
        "contributor",
        "post",
        "/forum/drafts/",
        {"thread": "²", "body": "Brouillon"},
        400,
        f"« thread » {WHOLE_NUMBER}",
    ),
    "unicode digit in thread (preview)": (
        "contributor",
        "post",
        "/forum/preview/",
        {"thread": "〇", "body": "Aperçu"},  # noqa: RUF001 - the ideographic zero
        400,
        f"« thread » {WHOLE_NUMBER}",
    ),
    "unicode digit in revision (post edit)": (
        "author",
        "post",
        "/forum/p/{post}/edit/",
        {"revision": "²", "body": "Le texte que j'ai tapé"},
        422,
        "Le texte que j&#x27;ai tapé",
    ),
    "NUL in search": (
        "anonymous",
        "get",
        "/search/?q=a%00b",
        None,
        400,
        INVALID_CHARACTERS,
    ),
    "NUL in sources": (
        "anonymous",
        "get",
        "/sources/?q=a%00b",
        None,
        400,
        INVALID_CHARACTERS,
    ),
    "NUL in mentions": (
        "contributor",
        "get",
        "/forum/mentions/?q=a%00b",
        None,
        400,
        INVALID_CHARACTERS,
    ),
    "NUL in source picker": (
        "contributor",
        "get",
        "/sources/picker/?q=a%00b",
        None,
        400,
        INVALID_CHARACTERS,
    ),
    "NUL in a multipart form field": (
        "contributor",
        "post",
        "/forum/t/{thread}/reply/",
        {"body": "avant\x00après"},
        400,
        INVALID_CHARACTERS,
    ),
    "non-numeric base_revision (section draft)": (
        "author",
        "post",
        "/dossiers/{dossier}/sections/{section}/draft/",
        {"base_revision": "abc", "text": "Mon brouillon"},
        400,
        f"« base_revision » {WHOLE_NUMBER}",
    ),
    "huge revision number (section diff)": (
        "anonymous",
        "get",
        f"/dossiers/{{dossier}}/sections/{{section}}/diff/?to={HUGE}",
        None,
        400,
        "« to » doit être compris entre 1 et 2147483647",
    ),
    "unicode digit in revision number (section diff)": (
        "anonymous",
        "get",
        "/dossiers/{dossier}/sections/{section}/diff/?from=²",
        None,
        400,
        f"« from » {WHOLE_NUMBER}",
    ),
    "huge id in the path": (
        "anonymous",
        "get",
        f"/forum/t/{HUGE}/",
        None,
        404,
        "",
    ),
    "huge section id in the path": (
        "anonymous",
        "get",
        f"/dossiers/{{dossier}}/sections/{HUGE}/",
        None,
        404,
        "",
    ),
    "huge API limit": (
        "anonymous",
        "get",
        f"/api/v1/forum/threads?limit={HUGE}",
        None,
        422,
        "less than or equal to 100",
    ),
    "huge API offset": (
        "anonymous",
        "get",
        f"/api/v1/sources/?offset={HUGE}",
        None,
        422,
        "less than or equal to",
    ),
    "huge API id": (
        "anonymous",
        "get",
        f"/api/v1/forum/threads/{HUGE}/posts",
        None,
        404,
        "",
    ),
    "NUL in an API query": (
        "anonymous",
        "get",
        "/api/v1/sources/?q=%00",
        None,
        400,
        "caractères non valides",
    ),
}


@pytest.mark.parametrize(
    ("role", "method", "url", "data", "status", "text"),
    list(CASES.values()),
    ids=list(CASES),
)
def test_bad_input_answers_4xx_with_a_message(
    world, role, method, url, data, status, text
):
    url = url.format(
        thread=world.thread.pk,
        post=world.post.pk,
        dossier=world.dossier.slug,
        section=world.section.pk,
    )
    client = client_for(None if role == "anonymous" else world.users[role])
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, response.content[:500]
    is_json = response["Content-Type"] == "application/json"
    assert text in (str(response.json()) if is_json else response.content.decode())
    assert database_still_usable()


def test_the_400_page_is_in_the_layout(world):
    response = client_for(world.contributor).get(f"/forum/t/{world.thread.pk}/?quote=²")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<nav" in page
    assert "Cette requête n’a pas pu être traitée" in page  # noqa: RUF001


def test_htmx_gets_the_message_alone(world):
    response = client_for(world.contributor).post(
        "/forum/drafts/", {"thread": "²", "body": "x"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert WHOLE_NUMBER in response.content.decode()


def test_ascii_ids_still_work(world):
    response = client_for(world.contributor).get(
        f"/forum/t/{world.thread.pk}/reply/?quote={world.post.pk}"
    )
    assert response.status_code == 200
    assert "245 caméras" in response.content.decode()


@pytest.mark.parametrize(
    "raw",
    [
        b"body=caf%E9",  # latin-1, not UTF-8
        b"body=%ED%A0%80",  # a lone surrogate, encoded
        b"body=%FF%FE",
        b"body=ok&titl%C3=x",  # in a field name
    ],
)
def test_invalid_utf8_in_a_form_is_refused_not_stored(world, raw):
    before = Post.objects.count()
    response = client_for(world.contributor).post(
        f"/forum/t/{world.thread.pk}/reply/",
        raw,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert INVALID_CHARACTERS in response.content.decode()
    assert Post.objects.count() == before


def test_invalid_utf8_in_a_query_string_is_refused(world):
    response = client_for().get("/search/", QUERY_STRING="q=%ED%B0%80")
    assert response.status_code == 400
    assert INVALID_CHARACTERS in response.content.decode()


def test_nul_in_an_urlencoded_field_is_refused(world):
    before = Post.objects.count()
    response = client_for(world.contributor).post(
        f"/forum/t/{world.thread.pk}/reply/",
        b"body=a%00b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert INVALID_CHARACTERS in response.content.decode()
    assert Post.objects.count() == before


def test_nul_in_the_session_cookie_is_refused(world):
    # A quoted cookie value may hold octal escapes: "\000" is a NUL.
    cookie = 'sessionid="' + "\\000" * 8 + '"'
    response = client_for().get("/", HTTP_COOKIE=cookie)
    assert response.status_code == 400
    assert database_still_usable()


def test_nul_in_the_path_is_refused(world):
    response = client_for().get(f"/sources/{world.source.key}%00/")
    assert response.status_code == 400
    assert database_still_usable()


# Found by the fuzz (test_fuzz_routes.py).


def test_invalid_source_edit_keeps_the_page_links(world):
    """An invalid ModelForm had written the empty key onto the source, and the
    page's links to it failed (NoReverseMatch, 500)."""
    response = client_for(world.contributor).post(
        f"/sources/{world.source.key}/edit/", {"key": "", "accessed_on": "²"}
    )
    assert response.status_code == 400
    assert f"/sources/{world.source.key}/" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_empty_to_field_on_an_admin_page_is_refused(world, method):
    """Django checks a non-empty `_to_field` only, then looks for a field
    named "" (FieldDoesNotExist, 500)."""
    url = f"/admin/forum/thread/{world.thread.pk}/change/?_to_field="
    response = getattr(client_for(world.admin), method)(url)
    assert response.status_code == 400
