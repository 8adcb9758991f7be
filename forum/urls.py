from django.urls import path

from forum import feeds
from forum.views import moderation, posting, reactions, threads

urlpatterns = [
    path("", threads.category_list, name="forum-index"),
    path("c/<slug:slug>/", threads.category_detail, name="category-detail"),
    path("c/<slug:slug>/new/", posting.thread_create, name="thread-create"),
    path("t/<int:pk>/", threads.thread_detail, name="thread-detail"),
    path("t/<int:pk>/unread/", threads.thread_unread, name="thread-unread"),
    path("t/<int:pk>/reply/", posting.post_create, name="post-create"),
    path("t/<int:pk>/read/", reactions.thread_mark_read, name="thread-mark-read"),
    path("t/<int:pk>/watch/", reactions.thread_watch, name="thread-watch"),
    path("t/<int:pk>/moderate/", moderation.thread_moderate, name="thread-moderate"),
    path("p/<int:pk>/", threads.post_link, name="post-link"),
    path("p/<int:pk>/edit/", posting.post_edit, name="post-edit"),
    path("p/<int:pk>/history/", posting.post_history, name="post-history"),
    path("p/<int:pk>/quote/", posting.post_quote, name="post-quote"),
    path("p/<int:pk>/delete/", moderation.post_delete, name="post-delete"),
    path("p/<int:pk>/restore/", moderation.post_restore, name="post-restore"),
    path("p/<int:pk>/thank/", reactions.post_thank, name="post-thank"),
    path("p/<int:pk>/flag/", moderation.post_flag, name="post-flag"),
    path("p/<int:pk>/approve/", moderation.post_approve, name="post-approve"),
    path("preview/", posting.post_preview, name="post-preview"),
    path("drafts/", posting.draft_save, name="draft-save"),
    path("mentions/", reactions.mention_autocomplete, name="mention-autocomplete"),
    path("moderation/", moderation.moderation_queue, name="moderation-queue"),
    path("moderation/log/", moderation.moderation_log, name="moderation-log"),
    path(
        "moderation/flags/<int:pk>/resolve/",
        moderation.flag_resolve,
        name="flag-resolve",
    ),
    path("feeds/latest/", feeds.LatestThreadsFeed(), name="feed-latest"),
    path("feeds/c/<slug:slug>/", feeds.CategoryThreadsFeed(), name="feed-category"),
    path("feeds/t/<int:pk>/", feeds.ThreadPostsFeed(), name="feed-thread"),
]
