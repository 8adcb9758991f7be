"""Forum: categories, threads, posts, moderation, feeds (forum/urls.py)."""

from tests.security.access import (
    author_or_moderator,
    everyone,
    moderators,
    signed_in,
)


def build(world):
    from forum import services
    from forum.models import Category

    world.category = Category.objects.create(name="Villes", slug="villes")
    world.thread = services.create_thread(
        category=world.category,
        author=world.author,
        title="Reims : la vidéoprotection",
        body="La ville compte 245 caméras en juin 2022.",
        enforce_limits=False,
    )
    world.post = world.thread.posts.get()
    world.reply = services.post_reply(
        world.thread,
        author=world.contributor,
        body="Le conseil municipal en a débattu le 30 janvier 2023.",
        enforce_limits=False,
    )
    world.flag = services.flag_post(
        world.reply, user=world.other_contributor, reason="Hors sujet"
    )
    world.deleted_post = services.post_reply(
        world.thread, author=world.author, body="Doublon.", enforce_limits=False
    )
    services.delete_post(world.deleted_post, by=world.moderator, reason="Doublon")


THREAD = {"pk": "thread.pk"}
POST = {"pk": "post.pk"}
CATEGORY = {"slug": "category.slug"}

READ = {"GET": everyone("ok"), "POST": everyone("refused")}
# Django's syndication views answer every method with the same feed.
FEED = {
    "GET": everyone("ok"),
    "POST": everyone("ok"),
    "PUT": everyone("ok"),
    "DELETE": everyone("ok"),
}
POST_ONLY = signed_in("refused")


def except_author(outcome, *, author="denied"):
    """Actions on someone else's post: one cannot thank or flag one's own."""
    table = signed_in(outcome)
    table["author"] = author
    return table


ROUTES = {
    "forum-index": {"GET": everyone("ok"), "POST": everyone("refused")},
    "category-detail": {"kwargs": CATEGORY, **READ},
    "thread-create": {
        "kwargs": CATEGORY,
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    "thread-detail": {"kwargs": THREAD, **READ},
    "thread-unread": {
        "kwargs": THREAD,
        "GET": everyone("redirect"),
        "POST": everyone("refused"),
    },
    "post-create": {
        "kwargs": THREAD,
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
    "thread-mark-read": {
        "kwargs": THREAD,
        "GET": POST_ONLY,
        "POST": signed_in("allowed"),
    },
    "thread-watch": {"kwargs": THREAD, "GET": POST_ONLY, "POST": signed_in("allowed")},
    "thread-moderate": {
        "kwargs": THREAD,
        "GET": moderators("ok"),
        "POST": moderators("allowed"),
    },
    "post-link": {
        "kwargs": POST,
        "GET": everyone("redirect"),
        "POST": everyone("refused"),
    },
    "post-edit": {
        "kwargs": POST,
        "GET": author_or_moderator("ok"),
        "POST": author_or_moderator("allowed"),
    },
    "post-history": {"kwargs": POST, **READ},
    # The quote fragment is for writing a reply: signed-in only.
    "post-quote": {
        "kwargs": POST,
        "GET": signed_in("ok", otherwise="denied"),
        "POST": everyone("refused"),
    },
    "post-delete": {
        "kwargs": POST,
        "GET": author_or_moderator("ok"),
        "POST": author_or_moderator("allowed"),
    },
    "post-restore": {
        "kwargs": {"pk": "deleted_post.pk"},
        "GET": POST_ONLY,
        "POST": moderators("allowed"),
    },
    "post-thank": {
        "kwargs": POST,
        "GET": POST_ONLY,
        "POST": except_author("allowed"),
    },
    "post-flag": {
        "kwargs": POST,
        "GET": except_author("ok"),
        "POST": except_author("allowed"),
    },
    "post-approve": {"kwargs": POST, "GET": POST_ONLY, "POST": moderators("allowed")},
    # htmx-only helpers answer 403 (not a login redirect) to visitors.
    "post-preview": {
        "GET": everyone("refused"),
        "POST": signed_in("allowed", otherwise="denied"),
    },
    "draft-save": {
        "GET": signed_in("redirect", otherwise="denied"),
        "POST": signed_in("allowed", otherwise="denied"),
    },
    # Usernames are public (shown on every post), so anyone may look them up.
    "mention-autocomplete": READ,
    "moderation-queue": {"GET": moderators("ok"), "POST": signed_in("refused")},
    "moderation-log": {"GET": moderators("ok"), "POST": signed_in("refused")},
    "flag-resolve": {
        "kwargs": {"pk": "flag.pk"},
        "GET": POST_ONLY,
        "POST": moderators("allowed"),
    },
    "feed-latest": FEED,
    "feed-category": {"kwargs": CATEGORY, **FEED},
    "feed-thread": {"kwargs": THREAD, **FEED},
}
