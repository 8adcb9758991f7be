from accounts import demo as accounts_demo
from forum import demo
from forum.models import Mention, Post, Quote, Thanks, Thread


def test_demo_loads_the_reims_thread_once(db, settings):
    # The real limits: the demo must not be held back by the new-user queue.
    settings.CARRE_NEW_USER_QUEUE_POSTS = 2
    settings.CARRE_POSTS_PER_MINUTE = 6
    users = accounts_demo.load()
    created = demo.load(users)
    demo.load(users)
    assert Thread.objects.count() == 2
    thread = created["thread"]
    assert thread.posts.count() >= 10
    assert thread.posts.values("author").distinct().count() >= 4
    assert Post.objects.filter(deleted_at__isnull=False).count() == 1
    assert (
        Quote.objects.exclude(quoted_post__thread=created["savari_thread"])
        .filter(post__thread=created["savari_thread"])
        .exists()
    )
    assert Mention.objects.filter(user=users["kanopai"]).exists()
    assert Thanks.objects.count() >= 5
    assert "210 000" in created["council"].html
    assert not Post.objects.filter(status=Post.Status.PENDING).exists()
