"""Background work of the forum: telling people about a new post.

A reply used to notify its mentioned users, quoted authors and watchers
inside the request, one insert and one mail task per person. The request now
writes one task row instead (`notify_post_published`), in the same
transaction as the post: with django-tasks-db the row commits with the post
or not at all, so the fan-out is never lost and never runs for a post that
was rolled back. The worker does the rest.
"""

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext_noop

from forum import permissions
from forum.models import Post, Subscription
from notifications.models import Notification
from notifications.services import notify

MENTION = gettext_noop("%(author)s mentioned you in “%(thread)s”")
QUOTE = gettext_noop("%(author)s quoted you in “%(thread)s”")
REPLY = gettext_noop("%(author)s replied in “%(thread)s”")


@task
def notify_post_published(post_id: int) -> str:
    """Notify the mentioned users, the quoted authors and the watchers of a
    post that became public; each hears of it once, for the closest reason.

    Enqueued once, when the post becomes public (a reply, or a moderator's
    approval); run again, it notifies nobody twice; a post deleted before the
    worker takes the task notifies nobody.
    """
    post = (
        Post.objects.select_related("author", "thread")
        .filter(pk=post_id, status=Post.Status.PUBLISHED, deleted_at__isnull=True)
        .first()
    )
    if post is None:
        return "skipped"
    thread, author, url = post.thread, post.author, post.get_absolute_url()
    with transaction.atomic():
        mentioned = list(post.mentioned_users.all())
        already = {user.pk for user in mentioned} | {author.pk}
        quoted = []
        for quote in post.quotes.select_related("quoted_post__author"):
            quoted_author = quote.quoted_post.author
            if not quote.quoted_post.is_deleted and quoted_author.pk not in already:
                quoted.append(quoted_author)
                already.add(quoted_author.pk)
        watchers = [
            subscription.user
            for subscription in Subscription.objects.filter(
                thread=thread
            ).select_related("user")
            if subscription.user_id not in already
            and permissions.can_view_thread(subscription.user, thread)
        ]
        # A task run again (requeued after a worker was killed just after its
        # commit) notifies nobody twice.
        done = set(
            Notification.objects.filter(
                recipient__in=[user.pk for user in mentioned + quoted + watchers],
                url=url[:500],
                actor=author,
            ).values_list("recipient_id", flat=True)
        )
        params = {"author": author.public_name, "thread": thread.title}
        for users, verb, message in (
            (mentioned, Notification.Verb.MENTION, MENTION),
            (quoted, Notification.Verb.QUOTE, QUOTE),
            (watchers, Notification.Verb.REPLY, REPLY),
        ):
            notify(
                [user for user in users if user.pk not in done],
                actor=author,
                verb=verb,
                url=url,
                message=message,
                params=params,
            )
    return "done"
