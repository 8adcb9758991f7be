"""Atom feeds: latest threads, threads of a category, posts of a thread.

Feeds show only what an anonymous reader sees; deleted posts are left out.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carre.feeds import AtomFeed
from forum.models import Category, Post, Thread

FEED_SIZE = 30


def _public_threads():
    return Thread.objects.filter(is_approved=True).select_related("author")


class LatestThreadsFeed(AtomFeed):
    title = _("Forum: latest threads")
    subtitle = _("Threads most recently started in the forum.")

    def link(self):
        return reverse("forum-index")

    def items(self):
        return _public_threads().order_by("-created_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        first = (
            Post.objects.filter(
                thread=item, status=Post.Status.PUBLISHED, deleted_at__isnull=True
            )
            .order_by("id")
            .values_list("html", flat=True)
            .first()
        )
        return first or ""

    def item_author_name(self, item):
        return item.author.public_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_post_at


class CategoryThreadsFeed(LatestThreadsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return _("Forum: %(category)s") % {"category": obj.name}

    def subtitle(self, obj):
        return obj.description

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            _public_threads().filter(category=obj).order_by("-created_at")[:FEED_SIZE]
        )


class ThreadPostsFeed(AtomFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Thread, pk=pk, is_approved=True)

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            Post.objects.filter(
                thread=obj, status=Post.Status.PUBLISHED, deleted_at__isnull=True
            )
            .select_related("author", "thread")
            .order_by("-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return _("%(author)s in %(thread)s") % {
            "author": item.author.public_name,
            "thread": item.thread.title,
        }

    def item_description(self, item):
        return item.html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return item.author.public_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at
