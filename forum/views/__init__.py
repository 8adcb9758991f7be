"""Forum pages, one module per kind of action (Misago's threads/views):

- `threads`: reading: categories, a thread's pages, its first unread post,
  a post's short link;
- `posting`: writing: a new thread, a reply, the preview, an edit, a post's
  history and quote, drafts;
- `reactions`: thanks, watching a thread, the read marker, @mention
  suggestions;
- `moderation`: deleting and restoring posts, flags, the queue and the log,
  a thread's moderation form.

A view loads its objects through `forum.loaders`, calls one service and
answers through `carre.htmx`: the page, or for htmx the partial it swaps.
Every partial of the thread page gets its context from `thread_page`.
"""

# The thread page's size: its pagination and the page a post's link opens.
POSTS_PER_PAGE = 20
