from django.urls import reverse


def test_pages_render(client, thread, reply, contributor, moderator):
    for user in (None, contributor, moderator):
        if user:
            client.force_login(user)
        for url in (
            reverse("forum-index"),
            reverse("category-detail", args=[thread.category.slug]),
            reverse("thread-detail", args=[thread.pk]),
            reverse("feed-latest"),
            reverse("feed-thread", args=[thread.pk]),
            reverse("feed-category", args=[thread.category.slug]),
            reverse("home"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, user)
