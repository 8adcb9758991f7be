from django.urls import path

from forum import feeds, views

urlpatterns = [
    path("", views.category_list, name="forum-index"),
    path("c/<slug:slug>/", views.category_detail, name="category-detail"),
    path("c/<slug:slug>/new/", views.thread_create, name="thread-create"),
    path("t/<int:pk>/", views.thread_detail, name="thread-detail"),
    path("t/<int:pk>/unread/", views.thread_unread, name="thread-unread"),
    path("t/<int:pk>/reply/", views.post_create, name="post-create"),
    path("t/<int:pk>/read/", views.thread_mark_read, name="thread-mark-read"),
    path("t/<int:pk>/watch/", views.thread_watch, name="thread-watch"),
    path("t/<int:pk>/moderate/", views.thread_moderate, name="thread-moderate"),
    path("p/<int:pk>/", views.post_link, name="post-link"),
    path("p/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("p/<int:pk>/history/", views.post_history, name="post-history"),
    path("p/<int:pk>/quote/", views.post_quote, name="post-quote"),
    path("p/<int:pk>/delete/", views.post_delete, name="post-delete"),
    path("p/<int:pk>/restore/", views.post_restore, name="post-restore"),
    path("p/<int:pk>/thank/", views.post_thank, name="post-thank"),
    path("p/<int:pk>/flag/", views.post_flag, name="post-flag"),
    path("p/<int:pk>/approve/", views.post_approve, name="post-approve"),
    path("preview/", views.post_preview, name="post-preview"),
    path("drafts/", views.draft_save, name="draft-save"),
    path("mentions/", views.mention_autocomplete, name="mention-autocomplete"),
    path("moderation/", views.moderation_queue, name="moderation-queue"),
    path("moderation/log/", views.moderation_log, name="moderation-log"),
    path(
        "moderation/flags/<int:pk>/resolve/",
        views.flag_resolve,
        name="flag-resolve",
    ),
    path("feeds/latest/", feeds.LatestThreadsFeed(), name="feed-latest"),
    path("feeds/c/<slug:slug>/", feeds.CategoryThreadsFeed(), name="feed-category"),
    path("feeds/t/<int:pk>/", feeds.ThreadPostsFeed(), name="feed-thread"),
]
