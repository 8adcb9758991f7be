import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from forum import services
from forum.models import (
    POST_MAX_LENGTH,
    Draft,
    Flag,
    Mention,
    ModerationLog,
    Post,
    Quote,
    ReadState,
    Subscription,
    Thread,
)
from notifications.models import Notification
from tests.factories import make_user


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here (French is tested on the pages)."""
    with translation.override("en"):
        yield


def test_create_thread_creates_first_post_and_watch(thread, contributor):
    post = thread.posts.get()
    assert thread.post_count == 1
    assert thread.reply_count == 0
    assert post.author == contributor
    assert "<p>La ville a testé" in post.html
    assert post.revisions.get().number == 1
    assert Subscription.objects.filter(thread=thread, user=contributor).exists()


def test_create_thread_refuses_empty_title(category, contributor):
    with pytest.raises(ValidationError):
        services.create_thread(
            category=category, author=contributor, title="  ", body="texte"
        )
    assert not Thread.objects.exists()


def test_create_thread_deletes_the_draft(category, contributor):
    services.save_draft(user=contributor, category=category, title="T", body="b")
    services.create_thread(category=category, author=contributor, title="T", body="b")
    assert not Draft.objects.exists()


def test_post_reply_counts_and_notifies_watchers(
    thread, contributor, other_contributor
):
    post = services.post_reply(thread, author=other_contributor, body="Une réponse")
    thread.refresh_from_db()
    assert thread.post_count == 2
    assert thread.last_post_at >= post.created_at
    notification = Notification.objects.get(recipient=contributor)
    assert notification.verb == Notification.Verb.REPLY
    assert notification.url == post.get_absolute_url()
    # The replier now watches the thread too, and is not notified of their own post.
    assert Subscription.objects.filter(thread=thread, user=other_contributor).exists()
    assert not Notification.objects.filter(recipient=other_contributor).exists()


def test_post_reply_unwatched_thread_does_not_notify(
    thread, contributor, other_contributor
):
    services.unwatch_thread(thread, user=contributor)
    services.post_reply(thread, author=other_contributor, body="Une réponse")
    assert not Notification.objects.exists()


def test_post_reply_refuses_empty_and_oversized(thread, other_contributor):
    with pytest.raises(ValidationError, match="empty"):
        services.post_reply(thread, author=other_contributor, body="   \n ")
    with pytest.raises(ValidationError, match="too long"):
        services.post_reply(
            thread, author=other_contributor, body="x" * (POST_MAX_LENGTH + 1)
        )
    services.post_reply(thread, author=other_contributor, body="x" * POST_MAX_LENGTH)


def test_post_reply_to_locked_thread_refused(thread, other_contributor, moderator):
    services.lock_thread(thread, moderator=moderator)
    with pytest.raises(PermissionDenied):
        services.post_reply(thread, author=other_contributor, body="Encore un mot")
    # Moderators may still answer in a locked thread.
    services.post_reply(thread, author=moderator, body="Fil verrouillé.")


def test_post_reply_suspended_user_refused(thread):
    suspended = make_user("suspendu", is_active=False)
    with pytest.raises(PermissionDenied):
        services.post_reply(thread, author=suspended, body="Bonjour")


def test_mention_notifies_and_is_stored(thread, contributor, other_contributor):
    felix = make_user("felix", display_name="Felix")
    post = services.post_reply(
        thread, author=other_contributor, body="@Felix et @kanopai, regardez."
    )
    assert set(post.mentioned_users.all()) == {felix, contributor}
    assert '<span class="mention">@felix</span>' in post.html
    assert Notification.objects.get(recipient=felix).verb == Notification.Verb.MENTION
    # kanopai watches the thread and is mentioned: one notification, the mention.
    assert Notification.objects.get(recipient=contributor).verb == "mention"


def test_mention_of_unknown_user_refused(thread, other_contributor):
    with pytest.raises(ValidationError, match="@personne"):
        services.post_reply(thread, author=other_contributor, body="Salut @personne")
    assert thread.posts.count() == 1


def test_mention_ignores_emails_and_code(thread, other_contributor):
    post = services.post_reply(
        thread,
        author=other_contributor,
        body="Écrire à contact@example.org ou `@inconnu` dans du code.",
    )
    assert not Mention.objects.filter(post=post).exists()


def test_quote_is_attributed_and_recorded(thread, first_post, other_contributor):
    post = services.post_reply(
        thread,
        author=other_contributor,
        body=f"[quote={first_post.pk}]\nle logiciel Savari\n[/quote]\n\nVraiment ?",
    )
    quote = Quote.objects.get(post=post)
    assert quote.quoted_post == first_post
    assert quote.excerpt == "le logiciel Savari"
    assert 'class="quote"' in post.html
    assert "kanopai wrote:" in post.html or "kanopai a écrit" in post.html
    assert f'href="/forum/p/{first_post.pk}/"' in post.html
    assert Notification.objects.filter(
        verb="quote", recipient=first_post.author
    ).exists()


def test_quote_across_threads_names_the_thread(
    category, thread, first_post, other_contributor
):
    other = services.create_thread(
        category=category,
        author=other_contributor,
        title="Autre fil",
        body=f"[quote={first_post.pk}]\nSavari\n[/quote]",
    )
    html = other.posts.get().html
    assert "Reims : le logiciel Savari" in html


def test_quote_of_invisible_post_refused(
    thread, first_post, other_contributor, moderator
):
    services.delete_post(first_post, by=moderator, reason="hors sujet")
    with pytest.raises(ValidationError, match="cannot quote"):
        services.post_reply(
            thread,
            author=other_contributor,
            body=f"[quote={first_post.pk}]\nx\n[/quote]",
        )
    with pytest.raises(ValidationError, match="cannot quote"):
        services.post_reply(
            thread, author=other_contributor, body="[quote=999999]\nx\n[/quote]"
        )


def test_deleting_quoted_post_shows_placeholder_in_quote(
    thread, first_post, other_contributor, contributor
):
    quoting = services.post_reply(
        thread,
        author=other_contributor,
        body=f"[quote={first_post.pk}]\nle logiciel Savari\n[/quote]",
    )
    services.delete_post(first_post, by=contributor)
    quoting.refresh_from_db()
    assert "le logiciel Savari" not in quoting.html
    assert "deleted" in quoting.html or "supprimé" in quoting.html
    services.restore_post(first_post, by=make_user("mod", role="moderator"))
    quoting.refresh_from_db()
    assert "le logiciel Savari" in quoting.html


def test_edit_post_keeps_revisions(first_post, contributor):
    services.edit_post(first_post, editor=contributor, body="Nouveau texte")
    services.edit_post(first_post, editor=contributor, body="Troisième texte")
    first_post.refresh_from_db()
    assert first_post.revision_count == 3
    assert first_post.edited_at is not None
    assert [r.body for r in first_post.revisions.all()] == [
        "La ville a testé le logiciel Savari de Thales en 2021.",
        "Nouveau texte",
        "Troisième texte",
    ]
    assert not ModerationLog.objects.exists()


def test_edit_post_by_other_contributor_refused(first_post, other_contributor):
    with pytest.raises(PermissionDenied):
        services.edit_post(first_post, editor=other_contributor, body="Vandalisme")


def test_edit_post_by_moderator_is_logged(first_post, moderator):
    services.edit_post(first_post, editor=moderator, body="Corrigé")
    assert ModerationLog.objects.get().action == ModerationLog.Action.EDIT


def test_edit_post_stale_base_revision_refused(first_post, contributor, moderator):
    services.edit_post(first_post, editor=moderator, body="Version du modérateur")
    with pytest.raises(ValidationError) as error:
        services.edit_post(
            first_post, editor=contributor, body="Ma version", base_revision=1
        )
    assert error.value.code == "stale"
    first_post.refresh_from_db()
    assert first_post.body == "Version du modérateur"


def test_edit_deleted_post_refused(first_post, contributor, moderator):
    services.delete_post(first_post, by=contributor)
    with pytest.raises(ValidationError, match="deleted"):
        services.edit_post(first_post, editor=moderator, body="Nouveau")


def test_edit_adds_new_mentions_only(first_post, contributor, other_contributor):
    services.edit_post(first_post, editor=contributor, body="Pour @css")
    services.edit_post(first_post, editor=contributor, body="Pour @css, encore")
    assert Notification.objects.filter(recipient=other_contributor).count() == 1


def test_delete_post_soft_and_counts(thread, reply, other_contributor, moderator):
    services.delete_post(reply, by=moderator, reason="Hors sujet")
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.is_deleted
    assert reply.deleted_by == moderator
    assert reply.delete_reason == "Hors sujet"
    assert reply.body == "Combien a coûté ce logiciel ?"
    assert thread.post_count == 1
    log = ModerationLog.objects.get()
    assert (log.action, log.post, log.details) == ("delete", reply, "Hors sujet")


def test_delete_post_by_author_not_logged(reply, other_contributor):
    services.delete_post(reply, by=other_contributor)
    assert not ModerationLog.objects.exists()


def test_delete_post_by_other_contributor_refused(reply, contributor):
    with pytest.raises(PermissionDenied):
        services.delete_post(reply, by=contributor)


def test_restore_post_moderator_only(thread, reply, other_contributor, moderator):
    services.delete_post(reply, by=other_contributor)
    with pytest.raises(PermissionDenied):
        services.restore_post(reply, by=other_contributor)
    services.restore_post(reply, by=moderator)
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert not reply.is_deleted
    assert thread.post_count == 2


def test_thank_post_once(reply, contributor, other_contributor):
    assert services.thank_post(reply, user=contributor) is True
    assert services.thank_post(reply, user=contributor) is False
    reply.refresh_from_db()
    assert reply.thanks_count == 1
    assert Notification.objects.get(recipient=other_contributor).verb == "thanks"
    assert services.unthank_post(reply, user=contributor) is True
    reply.refresh_from_db()
    assert reply.thanks_count == 0


def test_thank_own_post_refused(reply, other_contributor):
    with pytest.raises(PermissionDenied):
        services.thank_post(reply, user=other_contributor)


def test_flag_post_notifies_moderators(reply, contributor, moderator):
    flag = services.flag_post(reply, user=contributor, reason="Propos insultants")
    assert flag.status == Flag.Status.OPEN
    assert Notification.objects.get(recipient=moderator).verb == "flag"
    with pytest.raises(ValidationError, match="already"):
        services.flag_post(reply, user=contributor, reason="Encore")


def test_flag_post_needs_reason(reply, contributor):
    with pytest.raises(ValidationError):
        services.flag_post(reply, user=contributor, reason="  ")


def test_resolve_flag_hide_deletes_post(reply, contributor, moderator):
    flag = services.flag_post(reply, user=contributor, reason="Spam")
    other_flag = services.flag_post(reply, user=make_user("x"), reason="Pub")
    services.resolve_flag(flag, moderator=moderator, action="hide")
    reply.refresh_from_db()
    assert reply.is_deleted and reply.delete_reason == "Spam"
    assert set(Flag.objects.values_list("status", flat=True)) == {"hidden"}
    other_flag.refresh_from_db()
    assert other_flag.resolved_by == moderator


def test_resolve_flag_dismiss(reply, contributor, moderator):
    flag = services.flag_post(reply, user=contributor, reason="Bof")
    services.resolve_flag(flag, moderator=moderator, action="dismiss")
    reply.refresh_from_db()
    assert not reply.is_deleted
    assert Flag.objects.get().status == "dismissed"
    assert ModerationLog.objects.get().action == "dismiss_flag"
    with pytest.raises(ValidationError):
        services.resolve_flag(flag, moderator=moderator, action="dismiss")


def test_resolve_flag_contributor_refused(reply, contributor, other_contributor):
    flag = services.flag_post(reply, user=contributor, reason="Bof")
    with pytest.raises(PermissionDenied):
        services.resolve_flag(flag, moderator=other_contributor, action="dismiss")


def test_new_user_posts_wait_for_approval(
    forum_settings, thread, other_contributor, moderator, contributor
):
    forum_settings.CARRE_NEW_USER_QUEUE_POSTS = 1
    newcomer = make_user("nouveau")
    post = services.post_reply(thread, author=newcomer, body="Premier message")
    assert post.is_pending
    thread.refresh_from_db()
    assert thread.post_count == 1
    assert not Notification.objects.filter(recipient=contributor).exists()
    assert Notification.objects.get(recipient=moderator).verb == "moderation"
    services.approve_post(post, moderator=moderator)
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert thread.post_count == 2
    assert Notification.objects.filter(recipient=contributor, verb="reply").exists()
    # Past the queue, the next post is public at once.
    assert not services.post_reply(thread, author=newcomer, body="Second").is_pending


@pytest.mark.parametrize(
    ("statuses", "waits"),
    [
        # Newest first. The rate limit reads the author's newest posts (at
        # least as many as the queue holds); the queue answers from them, or
        # counts when older published posts may lie beyond them.
        ([], True),
        (["published"], True),
        (["published", "published"], False),
        (["pending", "pending", "published", "published"], False),
        (["pending", "pending", "pending", "published"], True),
    ],
)
def test_new_user_queue_counts_published_posts_only(
    forum_settings, thread, statuses, waits
):
    forum_settings.CARRE_NEW_USER_QUEUE_POSTS = 2
    forum_settings.CARRE_POSTS_PER_MINUTE = 2
    author = make_user("nouvelle")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    for age, status in enumerate(statuses):
        post = Post.objects.create(
            thread=thread, author=author, body="…", status=status
        )
        Post.objects.filter(pk=post.pk).update(
            created_at=long_ago - datetime.timedelta(hours=age)
        )
    post = services.post_reply(thread, author=author, body="Encore un message")
    assert post.is_pending is waits


def test_new_user_thread_hidden_until_approved(forum_settings, category, moderator):
    forum_settings.CARRE_NEW_USER_QUEUE_POSTS = 2
    newcomer = make_user("nouvelle")
    thread = services.create_thread(
        category=category, author=newcomer, title="Mon fil", body="Bonjour"
    )
    assert not thread.is_approved
    assert not Thread.objects.visible_to(make_user("lecteur")).exists()
    assert Thread.objects.visible_to(newcomer).exists()
    services.approve_post(thread.posts.get(), moderator=moderator)
    thread.refresh_from_db()
    assert thread.is_approved


def test_rate_limit(forum_settings, thread, other_contributor):
    forum_settings.CARRE_POSTS_PER_MINUTE = 2
    services.post_reply(thread, author=other_contributor, body="un")
    services.post_reply(thread, author=other_contributor, body="deux")
    with pytest.raises(services.RateLimited, match="too fast"):
        services.post_reply(thread, author=other_contributor, body="trois")
    assert thread.posts.count() == 3


def test_lock_pin_move_rename_are_logged(thread, other_category, moderator):
    services.lock_thread(thread, moderator=moderator)
    services.pin_thread(thread, moderator=moderator)
    services.move_thread(thread, moderator=moderator, category=other_category)
    services.rename_thread(thread, moderator=moderator, title="Reims : Savari")
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
    assert thread.category == other_category
    assert thread.title == "Reims : Savari"
    assert list(
        ModerationLog.objects.order_by("id").values_list("action", flat=True)
    ) == ["lock", "pin", "move", "rename"]
    services.lock_thread(thread, moderator=moderator, locked=False)
    thread.refresh_from_db()
    assert not thread.is_locked


def test_thread_moderation_refused_to_contributor(thread, contributor):
    with pytest.raises(PermissionDenied):
        services.lock_thread(thread, moderator=contributor)
    with pytest.raises(PermissionDenied):
        services.rename_thread(thread, moderator=contributor, title="x")


def test_moderate_thread_changes_only_what_changed(thread, moderator, category):
    services.moderate_thread(
        thread,
        moderator=moderator,
        title=thread.title,
        category=category,
        locked=True,
        pinned=False,
    )
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["lock"]


def test_watch_and_unwatch(thread, other_contributor):
    services.watch_thread(thread, user=other_contributor)
    services.watch_thread(thread, user=other_contributor)
    assert Subscription.objects.filter(user=other_contributor).count() == 1
    services.unwatch_thread(thread, user=other_contributor)
    assert not Subscription.objects.filter(user=other_contributor).exists()


def test_mark_thread_read_never_goes_back(thread, first_post, reply, moderator):
    services.mark_thread_read(thread, user=moderator, up_to_post_id=reply.pk)
    services.mark_thread_read(thread, user=moderator, up_to_post_id=first_post.pk)
    assert ReadState.objects.get(user=moderator).last_read_post_id == reply.pk
    unread = Thread.objects.for_list(moderator).get().unread_count
    assert unread == 0


def test_unread_count_in_list(thread, reply, contributor, other_contributor):
    # The thread author read up to their own post; css's reply is unread.
    assert Thread.objects.for_list(contributor).get().unread_count == 1
    assert Thread.objects.for_list(make_user("new")).get().unread_count == 2


def test_save_draft_upserts_and_clears(thread, category, other_contributor):
    services.save_draft(user=other_contributor, thread=thread, body="Début")
    services.save_draft(user=other_contributor, thread=thread, body="Début, suite")
    assert Draft.objects.get().body == "Début, suite"
    services.save_draft(user=other_contributor, category=category, title="Sujet")
    assert Draft.objects.count() == 2
    services.save_draft(user=other_contributor, thread=thread, body="")
    assert Draft.objects.count() == 1
    with pytest.raises(ValidationError):
        services.save_draft(user=other_contributor, body="sans cible")


def test_posting_reply_deletes_draft(thread, other_contributor):
    services.save_draft(user=other_contributor, thread=thread, body="Brouillon")
    services.post_reply(thread, author=other_contributor, body="Brouillon")
    assert not Draft.objects.exists()


def test_email_sent_to_watchers_who_want_it(thread, contributor, other_contributor):
    contributor.email = "kanopai@example.org"
    contributor.email_notifications = True
    contributor.save()
    services.post_reply(thread, author=other_contributor, body="Nouvelle info")
    assert [message.to for message in mail.outbox] == [["kanopai@example.org"]]
