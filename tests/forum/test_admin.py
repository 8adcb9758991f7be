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
