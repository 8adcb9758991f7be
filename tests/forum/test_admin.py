from django.urls import reverse

from forum import services
from forum.models import Flag


def test_moderator_sees_flag_queue_in_admin_and_hides_post(
    client, reply, contributor, moderator
):
    flag = services.flag_post(reply, user=contributor, reason="Spam")
    client.force_login(moderator)
    changelist = reverse("admin:forum_flag_changelist")
    assert client.get(changelist).status_code == 200
    for name in ("post", "thread", "moderationlog", "category"):
        assert client.get(reverse(f"admin:forum_{name}_changelist")).status_code == 200
    response = client.post(
        changelist,
        {"action": "hide_posts", "_selected_action": [flag.pk]},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.is_deleted
    assert Flag.objects.get().status == "hidden"


def test_hard_delete_only_for_admins(client, reply, moderator, admin_user):
    url = reverse("admin:forum_post_delete", args=[reply.pk])
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_admin_manages_categories(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:forum_category_add"),
        {
            "name": "Fournisseurs",
            "slug": "fournisseurs",
            "description": "",
            "position": 1,
        },
    )
    assert response.status_code == 302


def test_home_lists_recent_threads(client, thread):
    response = client.get(reverse("home"))
    assert thread.title in response.content.decode()


def test_thread_changes_in_admin_are_in_the_moderation_log(
    client, thread, other_category, moderator
):
    from forum.models import ModerationLog

    client.force_login(moderator)
    response = client.post(
        reverse("admin:forum_thread_change", args=[thread.pk]),
        {
            "title": "Reims : le logiciel Savari (Thales)",
            "category": other_category.pk,
            "is_locked": "on",
        },
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "Reims : le logiciel Savari (Thales)"
    assert thread.category == other_category
    assert thread.is_locked and not thread.is_pinned
    logged = ModerationLog.objects.filter(thread=thread, moderator=moderator)
    assert set(logged.values_list("action", flat=True)) == {
        ModerationLog.Action.RENAME,
        ModerationLog.Action.MOVE,
        ModerationLog.Action.LOCK,
    }
    assert client.get(reverse("admin:forum_thread_add")).status_code == 403


def test_hard_delete_in_admin_leaves_no_quoted_copy(
    client, thread, reply, contributor, admin_user
):
    quoting = services.post_reply(
        thread,
        author=contributor,
        body=f"[quote={reply.pk}]\nCombien a coûté ce logiciel ?\n[/quote]\n\nOui.",
    )
    thread.refresh_from_db()
    count = thread.post_count
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:forum_post_delete", args=[reply.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    quoting.refresh_from_db()
    assert "Combien a coûté" not in quoting.html
    assert "existe plus" in quoting.html or "no longer exists" in quoting.html
    thread.refresh_from_db()
    assert thread.post_count == count - 1
