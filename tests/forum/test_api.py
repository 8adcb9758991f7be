from forum import services


def test_api_lists_threads_and_posts_as_anonymous_sees_them(
    client, thread, reply, moderator
):
    services.delete_post(reply, by=moderator, reason="x")
    threads = client.get("/api/v1/forum/threads").json()
    assert threads["items"][0]["title"] == thread.title
    posts = client.get(f"/api/v1/forum/threads/{thread.pk}/posts").json()["items"]
    assert [p["deleted"] for p in posts] == [False, True]
    assert posts[1]["body"] == "" and posts[1]["html"] == ""
    assert posts[0]["url"] == f"/forum/p/{posts[0]['id']}/"


def test_api_hides_unapproved_threads(client, category, settings):
    from tests.factories import make_user

    settings.CARRE_NEW_USER_QUEUE_POSTS = 3
    services.create_thread(
        category=category, author=make_user("nouveau"), title="Caché", body="x"
    )
    assert client.get("/api/v1/forum/threads").json()["items"] == []
    assert client.get("/api/v1/forum/categories").json()["items"][0]["slug"] == "villes"
