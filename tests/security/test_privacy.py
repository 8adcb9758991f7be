"""Privacy: no client address in any table, no personal data in the logs."""

import logging

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import PASSWORD, make_user

# Documentation addresses (RFC 5737), distinctive enough to search for.
ADDRESSES = ("203.0.113.77", "198.51.100.23", "192.0.2.44")
HEADERS = {
    "REMOTE_ADDR": ADDRESSES[0],
    "HTTP_X_FORWARDED_FOR": f"{ADDRESSES[1]}, {ADDRESSES[0]}",
    "HTTP_X_REAL_IP": ADDRESSES[2],
}
NEW_PASSWORD = "une-phrase-tres-secrete-31"
EMAIL = "temoin@example.org"


def url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def post(client, name, data=None, **kwargs):
    """POST to a named route if it exists; every answer must be below 500."""
    target = url(name, **kwargs)
    if target is None:
        return None
    response = client.post(target, data or {}, **HEADERS)
    assert response.status_code < 500, (name, response.status_code)
    return response


def everything_a_user_does(settings):
    """Sign up, log in, post, edit, flag, thank... with addresses in headers."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_POSTS_PER_MINUTE = 1000
    client = Client(**HEADERS)
    client.post(
        "/accounts/signup/",
        {
            "username": "temoin",
            "email": EMAIL,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "temoin", "password": "mauvais"})
    client.post("/accounts/login/", {"login": "temoin", "password": NEW_PASSWORD})
    assert "_auth_user_id" in client.session
    client.post(
        "/accounts/profile/",
        {"display_name": "Témoin", "language": "fr", "email_notifications": "on"},
    )
    client.get("/accounts/sessions/")
    client.post("/accounts/sessions/")
    client.get("/accounts/data/export/")
    done = set()
    other = make_user("voisine")
    try:
        from forum import services as forum
        from forum.models import Category, Post

        category = Category.objects.create(name="Villes", slug="villes")
        theirs = forum.create_thread(
            category=category,
            author=other,
            title="Reims",
            body="Premier message.",
            enforce_limits=False,
        )
        post(
            client,
            "thread-create",
            {"title": "Savari à Reims", "body": "Un logiciel de Thales."},
            slug=category.slug,
        )
        post(client, "post-create", {"body": "Une réponse."}, pk=theirs.pk)
        mine = Post.objects.filter(author__username="temoin").first()
        assert mine is not None
        post(client, "post-edit", {"body": "Une réponse corrigée."}, pk=mine.pk)
        their_post = theirs.posts.first()
        post(client, "post-flag", {"reason": "Hors sujet"}, pk=their_post.pk)
        post(client, "post-thank", pk=their_post.pk)
        done.add("forum")
    except ImportError:
        pass
    try:
        from dossiers.models import Dossier

        post(
            client,
            "dossier-create",
            {"title": "Reims", "kind": "city", "status": "published", "summary": "x"},
        )
        dossier = Dossier.objects.get()
        post(
            client,
            "section-add",
            {"title": "Programme", "text": "Des caméras."},
            slug=dossier.slug,
        )
        done.add("dossiers")
    except ImportError:
        pass
    try:
        from sources.models import Source

        post(
            client,
            "source-add",
            {
                "mode": "manual",
                "manual-key": "rapport-temoin",
                "manual-title": "Rapport du témoin",
                "manual-kind": "report",
                "manual-language": "fr",
            },
        )
        assert Source.objects.filter(added_by__username="temoin").exists()
        done.add("sources")
    except ImportError:
        pass
    client.post("/accounts/logout/")
    return done


def database_text() -> str:
    """Every row of every table as text, plus decoded session contents."""
    parts = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT t::text FROM {quote(table)} t")  # noqa: S608
            parts += [row[0] for row in cursor.fetchall()]
    parts += [str(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(parts)


def test_no_ip_address_is_stored_in_any_table(db, settings):
    done = everything_a_user_does(settings)
    dump = database_text()
    assert "temoin" in dump  # the dump does see what the requests stored
    if "forum" in done:
        assert "Une réponse corrigée." in dump
    for address in ADDRESSES:
        assert address not in dump, f"{address} is stored in the database"


def test_no_model_has_an_address_field():
    from django.db.models import GenericIPAddressField

    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, GenericIPAddressField)
        or any(word in field.name.lower() for word in ("ip_address", "remote_addr"))
    ]
    assert fields == []


def test_logs_carry_no_personal_data(db, settings, caplog):
    caplog.set_level(logging.DEBUG)
    everything_a_user_does(settings)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += "\n".join(str(record.args) for record in caplog.records)
    secrets = (*ADDRESSES, NEW_PASSWORD, PASSWORD, EMAIL)
    for secret in secrets:
        assert secret not in logged, f"{secret!r} appears in the logs"
    session_keys = Session.objects.values_list("session_key", flat=True)
    for key in session_keys:
        assert key not in logged
