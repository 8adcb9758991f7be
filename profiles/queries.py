"""What a profile page shows: reads only, each a constant number of queries.

Only what anyone may see: published posts in approved threads, revisions of
published dossiers that no moderator hid, the dossiers followed when the
person chose to show them. Nothing about the account itself beyond its
pseudonym and its "about me" text (no email, no dates of activity).
"""

from django.contrib.auth import get_user_model
from django.db.models import Sum

from accounts.profiles import has_public_profile
from dossiers.models import Dossier, DossierWatch, SectionRevision
from facts.models import FactRevision
from forum.models import Post

RECENT_CONTRIBUTIONS = 20


def public_profile_owner(username: str):
    """The account whose public profile `username` names (any letter case),
    or None: unknown, hidden, suspended or deleted are all the same None."""
    user = (
        get_user_model()
        .objects.filter(username__iexact=username)
        .order_by("pk")
        .first()
    )
    return user if has_public_profile(user) else None


def public_posts(user):
    return (
        Post.objects.filter(
            author=user,
            status=Post.Status.PUBLISHED,
            deleted_at__isnull=True,
            thread__is_approved=True,
        )
        .select_related("thread")
        .defer("body", "html")
        .order_by("-created_at", "-pk")
    )


def thanks_received(user) -> int:
    return public_posts(user).aggregate(total=Sum("thanks_count"))["total"] or 0


def section_contributions(user) -> list:
    """The person's latest visible section revisions, newest first."""
    return list(
        SectionRevision.objects.filter(
            editor=user,
            hidden=False,
            section__removed=False,
            section__dossier__status=Dossier.Status.PUBLISHED,
        )
        .select_related("section__dossier")
        .only(
            "number",
            "action",
            "created_at",
            "summary",
            "section__title",
            "section__dossier__slug",
            "section__dossier__title",
        )
        .order_by("-created_at", "-pk")[:RECENT_CONTRIBUTIONS]
    )


def fact_contributions(user) -> list:
    """The person's latest fact revisions in published dossiers."""
    return list(
        FactRevision.objects.filter(
            editor=user, dossier__status=Dossier.Status.PUBLISHED
        )
        .select_related("dossier", "content_type")
        .only(
            "number",
            "action",
            "created_at",
            "object_id",
            "content_type__app_label",
            "content_type__model",
            "dossier__slug",
            "dossier__title",
        )
        .order_by("-created_at", "-pk")[:RECENT_CONTRIBUTIONS]
    )


def followed_dossiers(user) -> list:
    """The published dossiers the person follows (if they chose to show them)."""
    if not user.show_follows:
        return []
    return list(
        Dossier.objects.filter(
            status=Dossier.Status.PUBLISHED,
            pk__in=DossierWatch.objects.filter(user=user).values("dossier_id"),
        )
        .only("slug", "title", "place")
        .order_by("title")
    )
