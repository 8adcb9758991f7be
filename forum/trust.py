"""What the forum tells the lower floors: a person's activity for their trust
level (accounts.trust) and the moderation log entries they write
(carre.moderation_log). Registered by ForumConfig.ready."""

from accounts.trust import Activity
from forum.models import Flag, ModerationLog, Post


def count_activity(user) -> Activity:
    """Published, not deleted posts; posts hidden after a flag."""
    return Activity(
        contributions=Post.objects.filter(
            author=user, status=Post.Status.PUBLISHED, deleted_at__isnull=True
        ).count(),
        flags_upheld=Flag.objects.filter(post__author=user, status=Flag.Status.HIDDEN)
        .values("post")
        .distinct()
        .count(),
    )


def write_moderation_log(moderator, action: str, *, account=None, details="") -> None:
    ModerationLog.objects.create(
        moderator=moderator,
        action=ModerationLog.Action(action),
        account=account,
        details=details,
    )
