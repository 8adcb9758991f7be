"""Reads of the forum, starting from the viewer."""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.permissions import is_moderator


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Approved threads, plus the viewer's own waiting ones (all for moderators)."""
        if is_moderator(user):
            return self
        if user.is_authenticated:
            return self.filter(Q(is_approved=True) | Q(author=user))
        return self.filter(is_approved=True)

    def for_list(self, user):
        """With author and category, and the viewer's unread count per thread."""
        from forum.models import Post, ReadState

        queryset = self.select_related("author", "category")
        if not user.is_authenticated:
            return queryset.annotate(unread_count=Value(0))
        last_read = ReadState.objects.filter(thread=OuterRef("pk"), user=user).values(
            "last_read_post_id"
        )[:1]
        unread = (
            Post.objects.filter(
                thread=OuterRef("pk"),
                status=Post.Status.PUBLISHED,
                deleted_at__isnull=True,
                id__gt=OuterRef("last_read"),
            )
            .order_by()
            .values("thread")
            .annotate(count=Count("id"))
            .values("count")
        )
        return queryset.annotate(
            last_read=Coalesce(Subquery(last_read), Value(0)),
            unread_count=Coalesce(Subquery(unread), Value(0)),
        )


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published posts (deleted ones too, shown as placeholders) and the
        viewer's own posts awaiting moderation; everything for moderators."""
        if is_moderator(user):
            return self
        published = Q(status="published")
        if user.is_authenticated:
            return self.filter(published | Q(author=user))
        return self.filter(published)

    def for_thread_page(self, user):
        from forum.models import Quote, Thanks

        queryset = (
            self.select_related("author", "deleted_by")
            .prefetch_related(
                # What localize_quotes needs, in one query for the page.
                models.Prefetch(
                    "quotes",
                    queryset=Quote.objects.select_related(
                        "quoted_post__author", "quoted_post__thread"
                    ),
                ),
                # What link_mentions needs: the mentioned people's profile state.
                models.Prefetch(
                    "mentioned_users",
                    queryset=get_user_model().objects.only(
                        "username", "is_active", "deleted_at", "profile_hidden"
                    ),
                ),
            )
            .order_by("id")
        )
        if user.is_authenticated:
            queryset = queryset.annotate(
                thanked=Exists(Thanks.objects.filter(post=OuterRef("pk"), user=user))
            )
        return queryset
