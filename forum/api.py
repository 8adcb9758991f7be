"""Read-only API of the forum: what an anonymous reader sees.

Deleted posts appear as placeholders (no text, no HTML); posts waiting for
moderation and threads not yet approved do not appear at all.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from carre.params import ApiPagination
from forum.models import Category, Post, Thread

router = Router(tags=["forum"])


class CategoryOut(Schema):
    slug: str
    name: str
    description: str


class ThreadOut(Schema):
    id: int
    title: str
    category: str
    author: str
    created_at: datetime.datetime
    last_post_at: datetime.datetime
    post_count: int
    is_locked: bool
    is_pinned: bool
    url: str

    @staticmethod
    def resolve_category(thread):
        return thread.category.slug

    @staticmethod
    def resolve_author(thread):
        return thread.author.public_name

    @staticmethod
    def resolve_url(thread):
        return thread.get_absolute_url()


class PostOut(Schema):
    id: int
    author: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    deleted: bool
    body: str
    html: str
    thanks_count: int
    url: str

    @staticmethod
    def resolve_author(post):
        return post.author.public_name

    @staticmethod
    def resolve_deleted(post):
        return post.is_deleted

    @staticmethod
    def resolve_body(post):
        return "" if post.is_deleted else post.body

    @staticmethod
    def resolve_html(post):
        return "" if post.is_deleted else post.html

    @staticmethod
    def resolve_url(post):
        return post.get_absolute_url()


def _threads():
    return Thread.objects.visible_to(AnonymousUser()).select_related(
        "category", "author"
    )


@router.get("/categories", response=list[CategoryOut])
@paginate(ApiPagination)
def list_categories(request):
    return Category.objects.all()


@router.get("/threads", response=list[ThreadOut])
@paginate(ApiPagination)
def list_threads(request, category: str = ""):
    threads = _threads().order_by("-last_post_at")
    if category:
        threads = threads.filter(category__slug=category)
    return threads


@router.get("/threads/{thread_id}", response=ThreadOut)
def get_thread(request, thread_id: int):
    return get_object_or_404(_threads(), pk=thread_id)


@router.get("/threads/{thread_id}/posts", response=list[PostOut])
@paginate(ApiPagination)
def list_posts(request, thread_id: int):
    thread = get_object_or_404(_threads(), pk=thread_id)
    return (
        Post.objects.visible_to(AnonymousUser())
        .filter(thread=thread)
        .select_related("author")
        .order_by("id")
    )
