from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Draft, Post, ReadState, Thread
from forum.views import POSTS_PER_PAGE
from notifications.models import Notification
from tests.factories import make_user

HTMX = {"HX-Request": "true"}


def thread_url(thread):
    return reverse("thread-detail", args=[thread.pk])


def test_reply_without_javascript_redirects_to_post(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]), {"body": "Sans JavaScript"}
    )
    post = Post.objects.get(body="Sans JavaScript")
    assert response.status_code == 302
    assert response["Location"] == f"{thread_url(thread)}?page=last#post-{post.pk}"


def test_reply_with_htmx_returns_post_and_fresh_form(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]),
        {"body": "Avec **htmx**"},
        headers=HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    post = Post.objects.get(body="Avec **htmx**")
    assert content.lstrip().startswith(f'<article id="post-{post.pk}"')
    assert "<strong>htmx</strong>" in content
    assert 'id="reply-form"' in content and 'hx-swap-oob="true"' in content
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_reply_invalid_keeps_text_and_answers_422(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]),
        {"body": "Bonjour @inconnu, voici mon long texte"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#reply-form"
    content = response.content.decode()
    assert "Bonjour @inconnu, voici mon long texte" in content
    assert "@inconnu" in content and "errorlist" in content


def test_reply_empty_is_422_in_french(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]),
        {"body": ""},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert "Ce champ est obligatoire" in response.content.decode()


def test_reply_to_locked_thread_keeps_text(
    client, thread, other_contributor, moderator
):
    services.lock_thread(thread, moderator=moderator)
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]), {"body": "Mon texte précieux"}
    )
    assert response.status_code == 403
    assert "Mon texte précieux" in response.content.decode()
    assert thread.posts.count() == 1


def test_reply_to_a_thread_one_cannot_see_is_not_found(
    client, thread, other_contributor
):
    # A thread awaiting a moderator is its author's alone: to anyone else a
    # reply answers 404, as the page does, and writes nothing.
    Thread.objects.filter(pk=thread.pk).update(is_approved=False)
    client.force_login(other_contributor)
    for pk in (thread.pk, thread.pk + 1000):
        response = client.post(
            reverse("post-create", args=[pk]), {"body": "Je n'aurais pas dû voir"}
        )
        assert response.status_code == 404
    assert thread.posts.count() == 1


def test_reply_rate_limited_keeps_text(client, thread, other_contributor, settings):
    settings.CARRE_POSTS_PER_MINUTE = 1
    client.force_login(other_contributor)
    url = reverse("post-create", args=[thread.pk])
    client.post(url, {"body": "un"})
    response = client.post(url, {"body": "deux, à ne pas perdre"})
    assert response.status_code == 429
    assert "deux, à ne pas perdre" in response.content.decode()


def test_reply_preview_does_not_save(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]),
        {"body": "# Titre", "preview": "1"},
    )
    assert response.status_code == 200
    assert "<h1>Titre</h1>" in response.content.decode()
    assert thread.posts.count() == 1


def test_preview_endpoint_renders_same_html(client, thread, first_post, contributor):
    client.force_login(contributor)
    body = (
        f"[quote={first_post.pk}]\nSavari\n[/quote]\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    response = client.post(
        reverse("post-preview"),
        {"body": body, "thread": first_post.thread_id},
        headers=HTMX,
    )
    assert response.status_code == 200
    saved = services.post_reply(first_post.thread, author=contributor, body=body)
    assert saved.html in response.content.decode()


def test_reply_page_prefills_quote(client, thread, first_post, other_contributor):
    client.force_login(other_contributor)
    response = client.get(
        reverse("post-create", args=[thread.pk]) + f"?quote={first_post.pk}"
    )
    assert f"[quote={first_post.pk}]" in response.content.decode()


def test_post_quote_endpoint(client, first_post, other_contributor):
    client.force_login(other_contributor)
    response = client.get(reverse("post-quote", args=[first_post.pk]))
    assert response.content.decode().startswith(f"[quote={first_post.pk}]\nLa ville")


def test_short_url_redirects_to_right_page(client, thread, other_contributor):
    posts = [
        services.post_reply(
            thread, author=other_contributor, body=f"n°{i}", enforce_limits=False
        )
        for i in range(POSTS_PER_PAGE + 2)
    ]
    last = posts[-1]
    response = client.get(last.get_absolute_url())
    assert response["Location"] == f"{thread_url(thread)}?page=2#post-{last.pk}"
    page = client.get(response["Location"])
    assert f'id="post-{last.pk}"' in page.content.decode()
    assert client.get(posts[0].get_absolute_url())["Location"].endswith(
        f"{thread.pk}/#post-{posts[0].pk}"
    )


def test_reply_without_javascript_lands_on_the_last_page(
    client, thread, other_contributor
):
    for i in range(POSTS_PER_PAGE + 2):
        services.post_reply(thread, author=other_contributor, body=f"n°{i}")
    client.force_login(other_contributor)
    response = client.post(reverse("post-create", args=[thread.pk]), {"body": "Fin"})
    post = Post.objects.get(body="Fin")
    page = client.get(response["Location"])
    assert page.context["page"].number == 2
    assert f'id="post-{post.pk}"' in page.content.decode()
    # The pages' own links name their numbers.
    assert "?page=1" in page.content.decode()


def test_jump_to_first_unread(
    client, thread, first_post, contributor, other_contributor
):
    reply = services.post_reply(thread, author=other_contributor, body="Nouveau")
    client.force_login(contributor)
    page = client.get(thread_url(thread)).content.decode()
    assert reverse("thread-unread", args=[thread.pk]) in page
    response = client.get(reverse("thread-unread", args=[thread.pk]))
    assert response["Location"].endswith(f"#post-{reply.pk}")


def test_mark_read_by_post(client, thread, reply, contributor):
    client.force_login(contributor)
    client.post(
        reverse("thread-mark-read", args=[thread.pk]),
        {"post": reply.pk},
        headers=HTMX,
    )
    assert ReadState.objects.get(user=contributor).last_read_post_id == reply.pk


def test_inline_edit_flow(client, first_post, contributor):
    client.force_login(contributor)
    url = reverse("post-edit", args=[first_post.pk])
    form = client.get(url, headers=HTMX)
    assert form.status_code == 200
    assert 'name="revision" value="1"' in form.content.decode()
    assert "<html" not in form.content.decode()
    saved = client.post(url, {"body": "Texte *revu*", "revision": "1"}, headers=HTMX)
    assert saved.status_code == 200
    assert "<em>revu</em>" in saved.content.decode()
    assert reverse("post-history", args=[first_post.pk]) in saved.content.decode()
    cancel = client.get(reverse("post-link", args=[first_post.pk]), headers=HTMX)
    assert cancel.status_code == 200
    assert f'<article id="post-{first_post.pk}"' in cancel.content.decode()


def test_stale_edit_answers_409_and_keeps_text(
    client, first_post, contributor, moderator
):
    services.edit_post(first_post, editor=moderator, body="Par le modérateur")
    client.force_login(contributor)
    response = client.post(
        reverse("post-edit", args=[first_post.pk]),
        {"body": "Ma version", "revision": "1"},
        headers=HTMX,
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Ma version" in content
    assert 'name="revision" value="2"' in content
    # The other text is shown beside it, with who saved it.
    assert '<pre class="conflict-text">Par le modérateur</pre>' in content
    assert "version 2, par Alouette" in content


def test_stale_edit_of_other_lines_is_merged(client, thread, contributor, moderator):
    post = services.post_reply(
        thread, author=contributor, body="Premier point.\n\nDeuxième point."
    )
    services.edit_post(
        post, editor=moderator, body="Premier point.\n\nDeuxième point, sourcé."
    )
    client.force_login(contributor)
    response = client.post(
        reverse("post-edit", args=[post.pk]),
        {"body": "Premier point, précisé.\n\nDeuxième point.", "revision": "1"},
        headers=HTMX,
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.body == "Premier point, précisé.\n\nDeuxième point, sourcé."
    assert post.revision_count == 3


def test_edit_deleted_post_keeps_text(client, first_post, contributor, moderator):
    client.force_login(moderator)
    services.delete_post(first_post, by=contributor)
    response = client.post(
        reverse("post-edit", args=[first_post.pk]), {"body": "Texte tapé"}
    )
    assert response.status_code == 422
    assert "Texte tapé" in response.content.decode()


def test_history_shows_diff(client, first_post, contributor):
    services.edit_post(
        first_post, editor=contributor, body="La ville a testé Savari en 2021."
    )
    response = client.get(reverse("post-history", args=[first_post.pk]))
    content = response.content.decode()
    assert "<del>le logiciel </del>" in content or "<del>" in content
    assert "Savari" in content


def test_history_of_deleted_post_hidden_from_public(client, first_post, contributor):
    services.delete_post(first_post, by=contributor)
    response = client.get(reverse("post-history", args=[first_post.pk]))
    assert response.status_code == 403


def test_deleted_post_placeholder_and_moderator_view(
    client, thread, reply, moderator, other_contributor
):
    services.delete_post(reply, by=moderator, reason="Injurieux")
    page = client.get(thread_url(thread)).content.decode()
    assert "Combien a coûté" not in page
    assert "post-placeholder" in page
    client.force_login(moderator)
    page = client.get(thread_url(thread)).content.decode()
    assert "Combien a coûté" in page and "Injurieux" in page
    assert reverse("post-restore", args=[reply.pk]) in page


def test_pending_post_visible_to_author_and_moderators_only(
    client, thread, settings, moderator
):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 1
    newcomer = make_user("nouveau")
    post = services.post_reply(thread, author=newcomer, body="En attente")
    assert "En attente" not in client.get(thread_url(thread)).content.decode()
    client.force_login(newcomer)
    assert "En attente" in client.get(thread_url(thread)).content.decode()
    client.force_login(moderator)
    queue = client.get(reverse("moderation-queue")).content.decode()
    assert "En attente" in queue
    client.post(reverse("post-approve", args=[post.pk]))
    client.logout()
    assert "En attente" in client.get(thread_url(thread)).content.decode()


def test_thank_with_htmx_returns_counter(client, reply, contributor):
    client.force_login(contributor)
    response = client.post(reverse("post-thank", args=[reply.pk]), headers=HTMX)
    content = response.content.decode()
    assert f'id="thanks-{reply.pk}"' in content
    assert 'aria-pressed="true"' in content and "· 1" in content


def test_watch_toggle(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("thread-watch", args=[thread.pk]), {"watch": "1"}, headers=HTMX
    )
    assert 'aria-pressed="true"' in response.content.decode()
    services.post_reply(thread, author=thread.author, body="Pour les abonnés")
    assert Notification.objects.filter(recipient=other_contributor).exists()


def test_draft_autosave_and_restore(client, thread, other_contributor):
    client.force_login(other_contributor)
    response = client.post(
        reverse("draft-save"),
        {"thread": thread.pk, "body": "Texte en cours"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert Draft.objects.get().body == "Texte en cours"
    page = client.get(thread_url(thread)).content.decode()
    assert "Texte en cours</textarea>" in page


def test_new_thread_draft_restored(client, category, other_contributor):
    client.force_login(other_contributor)
    client.post(
        reverse("draft-save"),
        {"category": category.slug, "title": "Sujet", "body": "Corps"},
        headers=HTMX,
    )
    page = client.get(reverse("thread-create", args=[category.slug])).content.decode()
    assert 'value="Sujet"' in page and "Corps</textarea>" in page


def test_thread_create_bad_input_keeps_text(client, category, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("thread-create", args=[category.slug]),
        {"title": "", "body": "Un long texte à garder"},
    )
    assert response.status_code == 422
    assert "Un long texte à garder" in response.content.decode()


def test_mention_autocomplete(client, contributor, other_contributor):
    make_user("felix", display_name="Felix")
    client.force_login(other_contributor)
    response = client.get(reverse("mention-autocomplete"), {"q": "fe"}, headers=HTMX)
    content = response.content.decode()
    assert 'data-username="felix"' in content
    assert "<html" not in content
    page = client.get(reverse("mention-autocomplete"), {"q": "ka"})
    assert b"<html" in page.content and b'data-username="kanopai"' in page.content


def test_flag_and_resolve_through_pages(client, reply, contributor, moderator):
    client.force_login(contributor)
    client.post(reverse("post-flag", args=[reply.pk]), {"reason": "Hors sujet"})
    client.force_login(moderator)
    queue = client.get(reverse("moderation-queue")).content.decode()
    assert "Hors sujet" in queue
    flag = reply.flags.get()
    client.post(reverse("flag-resolve", args=[flag.pk]), {"action": "hide"})
    reply.refresh_from_db()
    assert reply.is_deleted
    log = client.get(reverse("moderation-log")).content.decode()
    assert "Hors sujet" in log


def test_thread_moderation_form(client, thread, other_category, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("thread-moderate", args=[thread.pk]),
        {"title": "Nouveau titre", "category": other_category.pk, "is_pinned": "on"},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.title, thread.category, thread.is_pinned) == (
        "Nouveau titre",
        other_category,
        True,
    )


def test_category_lists_pinned_first_with_unread(
    client, category, thread, contributor, other_contributor, moderator
):
    later = services.create_thread(
        category=category, author=other_contributor, title="Plus récent", body="x"
    )
    services.pin_thread(thread, moderator=moderator)
    client.force_login(contributor)
    content = client.get(reverse("category-detail", args=[category.slug])).content
    content = content.decode()
    assert content.index(thread.title) < content.index(later.title)
    assert "1 non lu" in content or "1 unread" in content


def test_feeds_leave_out_deleted_posts(client, thread, reply, moderator):
    services.delete_post(reply, by=moderator)
    feed = client.get(reverse("feed-thread", args=[thread.pk]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Combien" not in feed.content
    assert b"Savari" in client.get(reverse("feed-latest")).content


def test_thread_page_queries_do_not_grow(
    client, thread, contributor, other_contributor
):
    def count_queries():
        client.get(thread_url(thread))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(thread_url(thread))
        assert response.status_code == 200
        return len(queries)

    client.force_login(contributor)
    services.post_reply(thread, author=other_contributor, body="@kanopai un")
    few = count_queries()
    felix = make_user("felix")
    for i in range(POSTS_PER_PAGE + 5):
        author = (other_contributor, felix)[i % 2]
        post = services.post_reply(
            thread,
            author=author,
            body=f"[quote={thread.posts.first().pk}]\ncité\n[/quote]\n\nn°{i} @kanopai",
            enforce_limits=False,
        )
        services.thank_post(post, user=contributor)
    services.delete_post(post, by=author)
    many = count_queries()
    assert many == few
    assert many <= 16


def test_category_page_queries_do_not_grow(client, category, thread, contributor):
    url = reverse("category-detail", args=[category.slug])
    client.force_login(contributor)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        services.create_thread(
            category=category,
            author=contributor,
            title=f"Fil {i}",
            body="x",
            enforce_limits=False,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_quote_attributions_follow_the_reader_language_and_current_names(
    client, thread, other_contributor, moderator, other_category
):
    from django.utils import translation

    first = thread.posts.get()
    elsewhere = services.create_thread(
        category=other_category, author=moderator, title="Savari ailleurs", body="x"
    )
    outside = elsewhere.posts.get()
    with translation.override("fr"):  # saved by a French-speaking contributor
        services.post_reply(
            thread,
            author=other_contributor,
            body=f"[quote={first.pk}]\nSavari\n[/quote]\n\n"
            f"[quote={outside.pk}]\nAilleurs\n[/quote]\n\nOui.",
        )
        services.post_reply(  # the deleted one after a quote that stays
            thread,
            author=other_contributor,
            body=f"[quote={first.pk}]\nSavari\n[/quote]\n\n"
            f"[quote={outside.pk}]\nAilleurs\n[/quote]\n\nEncore.",
        )
    english = client.get(thread_url(thread), HTTP_ACCEPT_LANGUAGE="en").text
    assert "kanopai wrote:" in english
    assert "Alouette wrote in Savari ailleurs:" in english
    assert "a écrit" not in english

    # Deleted, then gone for good: the placeholders are in the reader's language.
    with translation.override("fr"):  # placeholders stored in French
        services.delete_post(outside, by=moderator)
    english = client.get(thread_url(thread), HTTP_ACCEPT_LANGUAGE="en").text
    assert english.count("This message was deleted.") == 2
    assert "Ce message a été supprimé" not in english
    services.purge_post(outside, by=make_user("admin", role="admin"))
    english = client.get(thread_url(thread), HTTP_ACCEPT_LANGUAGE="en").text
    assert "This message no longer exists." in english
    assert "Ailleurs" not in english
    french = client.get(thread_url(thread), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "kanopai a écrit :" in french
    assert "Ce message n\u2019existe plus." in french


def test_mark_read_with_htmx_answers_no_content(client, thread, reply, contributor):
    client.force_login(contributor)
    url = reverse("thread-mark-read", args=[thread.pk])
    response = client.post(url, {"post": reply.pk}, headers=HTMX)
    assert response.status_code == 204
    assert "HX-Request" in response["Vary"]
    assert client.post(url, {"post": reply.pk})["Location"] == thread_url(thread)


def test_mark_read_without_a_post_says_which_is_missing(client, thread, contributor):
    client.force_login(contributor)
    response = client.post(reverse("thread-mark-read", args=[thread.pk]), {})
    assert response.status_code == 400
    assert "Quel message ?" in response.content.decode()


def test_preview_without_javascript_is_a_page(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("post-preview"), {"body": "**gras**"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content and "<strong>gras</strong>" in content


def test_draft_refused_says_why_in_the_status_line(client, other_contributor):
    client.force_login(other_contributor)
    response = client.post(reverse("draft-save"), {"body": "x"}, headers=HTMX)
    assert response.status_code == 400
    assert "Un brouillon appartient à un fil ou à une catégorie." in (
        response.content.decode()
    )
    assert not Draft.objects.exists()


def test_thank_without_javascript_redirects_to_the_post(client, reply, contributor):
    client.force_login(contributor)
    response = client.post(reverse("post-thank", args=[reply.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{reply.pk}")
    assert "HX-Request" in response["Vary"]


def test_reply_waiting_for_a_moderator_says_so_after_the_redirect(
    client, thread, settings
):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 1
    waiting = "Votre message sera public dès qu’un modérateur l’aura approuvé."  # noqa: RUF001
    client.force_login(make_user("nouveau"))
    url = reverse("post-create", args=[thread.pk])
    response = client.post(url, {"body": "Première réponse"}, follow=True)
    assert waiting in response.content.decode()
    # htmx shows the post with its tag instead; nothing waits for the next page.
    htmx = client.post(url, {"body": "Deuxième réponse"}, headers=HTMX)
    assert "En attente de modération" in htmx.content.decode()
    assert waiting not in client.get(thread_url(thread)).content.decode()


def test_thread_page_reload_costs_a_304_for_an_anonymous_reader(client, thread):
    url = thread_url(thread)
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    for header in ("Cookie", "Accept-Language", "HX-Request"):
        assert header in first["Vary"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert len(queries) <= 2  # the thread and its version, no page rendered


def test_thread_page_etag_changes_with_a_reply_and_an_edit(
    client, thread, first_post, contributor, other_contributor
):
    url = thread_url(thread)
    etag = client.get(url)["ETag"]
    services.post_reply(thread, author=other_contributor, body="Une réponse.")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Une réponse." in response.content.decode()
    etag = response["ETag"]
    services.edit_post(first_post, editor=contributor, body="Texte corrigé.")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Texte corrigé." in response.content.decode()


def test_thread_page_etag_differs_by_page_and_language(client, thread):
    url = thread_url(thread)
    french = client.get(url, headers={"Accept-Language": "fr"})["ETag"]
    english = client.get(url, headers={"Accept-Language": "en"})["ETag"]
    second_page = client.get(url + "?page=2", headers={"Accept-Language": "fr"})
    assert len({french, english, second_page["ETag"]}) == 3


def test_thread_page_is_private_for_a_signed_in_reader(client, thread, contributor):
    client.force_login(contributor)
    url = thread_url(thread)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")
    # A validator from an anonymous visit never answers for their page.
    anonymous_etag = client.__class__().get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": anonymous_etag}).status_code == 200


def test_anonymous_thread_page_sets_no_cookie(client, thread):
    response = client.get(thread_url(thread))
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_anonymous_thread_page_is_served_whole_from_the_cache_until_a_reply(
    client, thread, other_contributor, django_assert_num_queries
):
    url = thread_url(thread)
    fresh = client.get(url)
    # The thread, the page's version and nothing else: no page rendered.
    with django_assert_num_queries(2):
        kept = client.get(url)
    assert kept.content == fresh.content
    assert kept["ETag"] == fresh["ETag"]
    services.post_reply(thread, author=other_contributor, body="Une réponse.")
    assert "Une réponse." in client.get(url).content.decode()


def test_thread_page_with_a_made_up_query_string_is_not_kept(client, thread):
    """Made-up query strings cannot fill the cache: such a page is rendered
    each time."""
    url = thread_url(thread) + "?utm_source=x"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 2


def test_reply_form_has_the_toolbar_and_the_cite_dialog(client, thread, contributor):
    client.force_login(contributor)
    content = client.get(reverse("post-create", args=[thread.pk])).content.decode()
    assert 'data-editor-toolbar="reply-body"' in content
    assert 'id="cite-dialog-reply-body"' in content
    assert "[@clé, p. 3]" in content  # the citation help under the field
    assert 'aria-describedby="reply-body-help reply-body-cite-help"' in content
    # The dialog is outside the form: Enter in its search sends no post.
    url = reverse("post-create", args=[thread.pk])
    form = content.split(f'<form method="post" action="{url}"', 1)[1]
    form = form.split("</form>")[0]
    assert 'name="body"' in form
    assert 'class="cite-dialog"' not in form
