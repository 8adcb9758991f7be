"""Where forum posts were used: what a thread page shows under each post."""

from dataclasses import dataclass

from dossiers.models import Dossier
from facts.models import Provenance
from promotion.permissions import can_promote_post


def thread_provenances(thread_id: int, user) -> dict[int, list[Provenance]]:
    """The provenances of a thread's posts in dossiers the user can read."""
    provenances = (
        Provenance.objects.filter(
            post__thread_id=thread_id,
            dossier__in=Dossier.objects.visible_to(user),
        )
        .select_related("dossier")
        .order_by("created_at")
    )
    by_post: dict[int, list[Provenance]] = {}
    for provenance in provenances:
        by_post.setdefault(provenance.post_id, []).append(provenance)
    return by_post


@dataclass(frozen=True)
class PostUsage:
    first: bool  # the first post of the page: it links the dialog's stylesheet
    provenances: list[Provenance]  # one per dossier the post was used in
    can_promote: bool


def post_usage(request, post) -> PostUsage:
    """Where `post` was used, and whether the viewer may add it to a dossier.

    The provenances of a whole thread are read once per request (one query),
    so a thread page's query count does not grow with its posts.
    """
    user = request.user
    by_thread = request.__dict__.setdefault("_promotion_post_usage", {})
    first = not by_thread
    if post.thread_id not in by_thread:
        by_thread[post.thread_id] = thread_provenances(post.thread_id, user)
    seen, provenances = set(), []
    for provenance in by_thread[post.thread_id].get(post.pk, ()):
        if provenance.dossier_id not in seen:
            seen.add(provenance.dossier_id)
            provenances.append(provenance)
    return PostUsage(
        first=first,
        provenances=provenances,
        can_promote=not post.is_deleted
        and not getattr(post, "is_pending", False)
        and can_promote_post(user, post),
    )
