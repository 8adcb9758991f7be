"""Views of dossiers, split by what they show or change (Misago's
`threads/views/`): `dossiers` (the dossier's own pages), `sections` (the
inline editor and the other changes of a section), `drafts` (autosave and
edit conflicts) and `revisions` (history, diff, revert, hide).

Each view loads its objects through `dossiers.loaders`, calls one service and
answers through `carre.htmx`: an htmx request gets the partial of
`dossiers/dossier_detail.html` it swaps in place, a plain request a page or a
redirect (post/redirect/get). `context` holds what those partials need.
"""
