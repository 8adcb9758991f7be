"""Per-account write limits: one mechanism, counted in the database.

Each kind of write (posts, flags, section saves, fact changes, sources,
uploads) is refused past its limit with a message that says when to try
again; moderators and staff are not limited; the pages give the form back
with what was typed.
"""

import datetime
import io
import re
import threading
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.urls import reverse
from PIL import Image

from carre import ratelimit
from carre.ratelimit import RateLimited
from dossiers import services as dossier_services
from dossiers.models import Dossier, SectionRevision
from facts import services as fact_services
from facts.models import Actor, FactRevision
from forum import services as forum_services
from forum.models import Category, Flag, Post, Thread
from sources import services as source_services
from sources.models import Source
from tests.factories import make_user

HTMX = {"HTTP_HX_REQUEST": "true"}


def small_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(output, "PNG")
    return output.getvalue()


@dataclass
class World:
    """What the writes act on, made by someone else than the writer."""

    thread: Thread
    posts: list
    dossier: Dossier
    actor: Actor


@pytest.fixture
def world(settings, tmp_path, contributor):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.CARRE_FETCH_ALLOW_PRIVATE = False  # fetches fail at once, offline
    settings.CARRE_ARCHIVE_ORG = False
    settings.MEDIA_ROOT = tmp_path
    category = Category.objects.create(name="Villes", slug="villes")
    thread = forum_services.create_thread(
        category=category, author=contributor, title="Reims", body="Début"
    )
    posts = [thread.posts.get()] + [
        forum_services.post_reply(thread, author=contributor, body=f"Message {n}")
        for n in range(3)
    ]
    dossier = dossier_services.create_dossier(
        author=contributor, title="Reims", kind="city", status="published"
    )
    dossier_services.add_section(dossier, editor=contributor, title="Programme")
    actor = fact_services.add_actor(dossier=dossier, by=contributor, name="Thales")
    return World(thread, posts, dossier, actor)


def _save_section(world, user, n):
    section = world.dossier.sections.get()
    dossier_services.save_section(
        section,
        editor=user,
        title=section.title,
        text=f"Texte numéro {n}",
        base_revision=section.current_revision,
    )


def _edit_fact(world, user, n):
    actor = Actor.objects.get(pk=world.actor.pk)
    fact_services.edit_fact(
        actor, by=user, values={"role": f"rôle {n}"}, base_version=actor.version
    )


def _upload(world, user, n):
    source_services.add_source_by_upload(
        upload=SimpleUploadedFile(f"photo{n}.png", small_png()),
        added_by=user,
        title=f"Photo {n}",
    )


# kind: (limit, the write, the rows it makes)
WRITES = {
    "reply": (
        ratelimit.POSTS,
        lambda world, user, n: forum_services.post_reply(
            world.thread, author=user, body=f"Réponse {n}"
        ),
        lambda: Post.objects.all(),
    ),
    "new thread": (
        ratelimit.POSTS,
        lambda world, user, n: forum_services.create_thread(
            category=world.thread.category, author=user, title=f"Fil {n}", body="x"
        ),
        lambda: Thread.objects.all(),
    ),
    "flag": (
        ratelimit.FLAGS,
        lambda world, user, n: forum_services.flag_post(
            world.posts[n], user=user, reason="Hors sujet"
        ),
        lambda: Flag.objects.all(),
    ),
    "section save": (
        ratelimit.SECTION_EDITS,
        _save_section,
        lambda: SectionRevision.objects.all(),
    ),
    "new section": (
        ratelimit.SECTION_EDITS,
        lambda world, user, n: dossier_services.add_section(
            world.dossier, editor=user, title=f"Section {n}"
        ),
        lambda: SectionRevision.objects.all(),
    ),
    "new fact": (
        ratelimit.FACT_EDITS,
        lambda world, user, n: fact_services.add_actor(
            dossier=world.dossier, by=user, name=f"Acteur {n}"
        ),
        lambda: FactRevision.objects.all(),
    ),
    "fact edit": (ratelimit.FACT_EDITS, _edit_fact, lambda: FactRevision.objects.all()),
    "source by address": (
        ratelimit.SOURCES,
        lambda world, user, n: source_services.add_source_by_url(
            url=f"http://127.0.0.1:9/page-{n}", added_by=user
        ),
        lambda: Source.objects.all(),
    ),
    "source by hand": (
        ratelimit.SOURCES,
        lambda world, user, n: source_services.add_source_manually(
            added_by=user, title=f"Compte rendu {n}"
        ),
        lambda: Source.objects.all(),
    ),
    "upload": (ratelimit.UPLOADS, _upload, lambda: Source.objects.all()),
}


@pytest.mark.parametrize("kind", WRITES)
def test_the_write_past_the_limit_is_refused_until_the_window_passes(
    world, settings, other_contributor, kind
):
    limit, write, rows = WRITES[kind]
    setattr(settings, limit.setting, 2)
    write(world, other_contributor, 0)
    write(world, other_contributor, 1)
    before = rows().count()
    with pytest.raises(RateLimited) as refused:
        write(world, other_contributor, 2)
    assert rows().count() == before
    message = refused.value.messages[0]
    assert "trop vite" in message
    assert "2 " in message
    assert re.search(r"dans \d+ (secondes?|minutes?)", message)
    assert 0 < refused.value.retry_after <= limit.window.total_seconds()
    # Once the earlier writes are older than the window, writing works again.
    limit.rows(other_contributor).update(created_at=F("created_at") - limit.window)
    write(world, other_contributor, 2)
    assert rows().count() == before + 1


@pytest.mark.parametrize("kind", WRITES)
def test_moderators_and_staff_are_not_limited(
    world, settings, moderator, admin_user, kind
):
    limit, write, rows = WRITES[kind]
    setattr(settings, limit.setting, 1)
    before = rows().count()
    write(world, moderator, 0)
    write(world, moderator, 1)
    staff = make_user("personnel", is_staff=True)
    write(world, staff, 2)
    assert rows().count() == before + 3


def test_the_wait_counts_from_the_oldest_write_in_the_window(
    world, settings, other_contributor
):
    settings.CARRE_POSTS_PER_MINUTE = 1
    forum_services.post_reply(world.thread, author=other_contributor, body="un")
    Post.objects.filter(author=other_contributor).update(
        created_at=F("created_at") - datetime.timedelta(seconds=45)
    )
    with pytest.raises(RateLimited) as refused:
        forum_services.post_reply(world.thread, author=other_contributor, body="deux")
    assert re.search(r"dans 1[456] secondes", refused.value.messages[0])


def test_a_limit_counts_only_its_own_kind(world, settings, other_contributor):
    settings.CARRE_UPLOADS_PER_HOUR = 1
    settings.CARRE_SECTION_EDITS_PER_MINUTE = 1
    source_services.add_source_manually(added_by=other_contributor, title="Papier")
    forum_services.post_reply(world.thread, author=other_contributor, body="un")
    _upload(world, other_contributor, 0)  # a source by hand is not an upload
    _save_section(world, other_contributor, 0)  # posts are not section saves
    with pytest.raises(RateLimited):
        _upload(world, other_contributor, 1)


def test_zero_switches_a_limit_off(world, settings, other_contributor):
    settings.CARRE_FLAGS_PER_HOUR = 0
    for post in world.posts:
        forum_services.flag_post(post, user=other_contributor, reason="Hors sujet")
    assert Flag.objects.count() == len(world.posts)


def test_a_scripted_load_is_not_limited(world, settings, other_contributor):
    settings.CARRE_FACT_EDITS_PER_MINUTE = 1
    with ratelimit.unlimited():
        for n in range(3):
            fact_services.add_actor(
                dossier=world.dossier, by=other_contributor, name=f"Acteur {n}"
            )
    with pytest.raises(RateLimited):
        fact_services.add_actor(
            dossier=world.dossier, by=other_contributor, name="Encore"
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writes_are_counted_one_after_the_other(settings):
    settings.CARRE_FACT_EDITS_PER_MINUTE = 3
    author = make_user("rapide")
    dossier = dossier_services.create_dossier(
        author=author, title="Reims", kind="city", status="published"
    )
    barrier = threading.Barrier(8)
    outcomes = []

    def add(n):
        try:
            barrier.wait()
            fact_services.add_actor(dossier=dossier, by=author, name=f"Acteur {n}")
            outcomes.append("added")
        except RateLimited:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added"] * 3 + ["refused"] * 5
    assert Actor.objects.filter(dossier=dossier).count() == 3


# --- the pages give the form back, with what was typed ---------------------------


def _refused(response, *typed):
    content = response.content.decode()
    assert response.status_code == 429
    assert "trop vite" in content
    for text in typed:
        assert text in content
    return content


def test_new_thread_page_keeps_the_text(client, world, settings, other_contributor):
    settings.CARRE_POSTS_PER_MINUTE = 1
    forum_services.post_reply(world.thread, author=other_contributor, body="un")
    client.force_login(other_contributor)
    response = client.post(
        reverse("thread-create", args=[world.thread.category.slug]),
        {"title": "Un fil à garder", "body": "Un texte à ne pas perdre"},
    )
    _refused(response, "Un fil à garder", "Un texte à ne pas perdre")
    assert Thread.objects.count() == 1


def test_reply_with_htmx_keeps_the_text(client, world, settings, other_contributor):
    settings.CARRE_POSTS_PER_MINUTE = 1
    forum_services.post_reply(world.thread, author=other_contributor, body="un")
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[world.thread.pk]),
        {"body": "Une réponse à ne pas perdre"},
        **HTMX,
    )
    _refused(response, "Une réponse à ne pas perdre")
    assert response["HX-Retarget"] == "#reply-form"


def test_flag_page_keeps_the_reason(client, world, settings, other_contributor):
    settings.CARRE_FLAGS_PER_HOUR = 1
    forum_services.flag_post(world.posts[0], user=other_contributor, reason="Spam")
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-flag", args=[world.posts[1].pk]),
        {"reason": "Une raison à ne pas perdre"},
    )
    _refused(response, "Une raison à ne pas perdre")
    assert Flag.objects.count() == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_section_edit_keeps_the_text(client, world, settings, other_contributor, htmx):
    settings.CARRE_SECTION_EDITS_PER_MINUTE = 1
    _save_section(world, other_contributor, 0)
    section = world.dossier.sections.get()
    client.force_login(other_contributor)
    response = client.post(
        reverse("section-edit", args=[world.dossier.slug, section.pk]),
        {
            "title": section.title,
            "text": "Un paragraphe à ne pas perdre",
            "summary": "Un résumé gardé",
            "base_revision": section.current_revision.pk,
            "action": "save",
        },
        **(HTMX if htmx else {}),
    )
    _refused(response, "Un paragraphe à ne pas perdre", "Un résumé gardé")
    assert section.revisions.count() == 2


def test_new_section_keeps_the_text(client, world, settings, other_contributor):
    settings.CARRE_SECTION_EDITS_PER_MINUTE = 1
    _save_section(world, other_contributor, 0)
    client.force_login(other_contributor)
    response = client.post(
        reverse("section-add", args=[world.dossier.slug]),
        {"title": "Titre gardé", "text": "Un texte à ne pas perdre"},
        **HTMX,
    )
    _refused(response, "Titre gardé", "Un texte à ne pas perdre")
    assert world.dossier.sections.count() == 1


def test_new_fact_keeps_the_text(client, world, settings, other_contributor):
    settings.CARRE_FACT_EDITS_PER_MINUTE = 1
    _edit_fact(world, other_contributor, 0)
    client.force_login(other_contributor)
    response = client.post(
        reverse("fact-add", kwargs={"slug": world.dossier.slug, "kind": "actor"}),
        {"name": "Un nom à ne pas perdre", "actor_kind": "vendor"},
        **HTMX,
    )
    _refused(response, "Un nom à ne pas perdre")
    assert response["HX-Retarget"] == "#fact-form-actor-new"
    assert Actor.objects.count() == 1


def test_fact_edit_keeps_the_text(client, world, settings, other_contributor):
    settings.CARRE_FACT_EDITS_PER_MINUTE = 1
    _edit_fact(world, other_contributor, 0)
    client.force_login(other_contributor)
    response = client.post(
        reverse("fact-edit", kwargs={"kind": "actor", "pk": world.actor.pk}),
        {"name": "Thales SIX", "actor_kind": "vendor", "base_version": "2"},
    )
    _refused(response, "Thales SIX")
    assert Actor.objects.get().name == "Thales"


@pytest.mark.parametrize(
    ("mode", "fields", "typed"),
    [
        (
            "url",
            {"url-url": "http://127.0.0.1:9/garder", "url-kind": "article"},
            "http://127.0.0.1:9/garder",
        ),
        (
            "manual",
            {"manual-title": "Un titre à ne pas perdre", "manual-kind": "other"},
            "Un titre à ne pas perdre",
        ),
        (
            "upload",
            {"upload-title": "Une photo à ne pas perdre", "upload-kind": "photo"},
            "Une photo à ne pas perdre",
        ),
    ],
)
def test_source_add_keeps_the_text(
    client, world, settings, other_contributor, mode, fields, typed
):
    settings.CARRE_SOURCES_PER_HOUR = 1
    settings.CARRE_UPLOADS_PER_HOUR = 1
    _upload(world, other_contributor, 0)
    client.force_login(other_contributor)
    if mode == "upload":
        fields = {**fields, "upload-file": SimpleUploadedFile("b.png", small_png())}
    response = client.post(reverse("source-add"), {"mode": mode, **fields})
    _refused(response, typed)
    assert Source.objects.count() == 1
