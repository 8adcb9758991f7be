from django.urls import path

from dossiers.views import dossiers, drafts, review, revisions, sections

section = "<slug:slug>/sections/<int:pk>/"
revision = section + "revisions/<int:number>/"

urlpatterns = [
    path("", dossiers.dossier_list, name="dossier-list"),
    path("new/", dossiers.dossier_create, name="dossier-create"),
    # The review queue of pending edits ("review" is a reserved slug).
    path("review/", review.pending_edit_list, name="pending-edit-list"),
    path("review/<int:pk>/", review.pending_edit_detail, name="pending-edit-detail"),
    path(
        "review/<int:pk>/accept/",
        review.pending_edit_accept,
        name="pending-edit-accept",
    ),
    path(
        "review/<int:pk>/refuse/",
        review.pending_edit_refuse,
        name="pending-edit-refuse",
    ),
    path("<slug:slug>/", dossiers.dossier_detail, name="dossier-detail"),
    path("<slug:slug>/edit/", dossiers.dossier_edit, name="dossier-edit"),
    path("<slug:slug>/history/", dossiers.dossier_history, name="dossier-history"),
    path("<slug:slug>/watch/", dossiers.dossier_watch, name="dossier-watch"),
    path("<slug:slug>/lock/", dossiers.dossier_lock, name="dossier-lock"),
    path("<slug:slug>/sections/new/", sections.section_add, name="section-add"),
    path(section, sections.section_detail, name="section-detail"),
    path(section + "edit/", sections.section_edit, name="section-edit"),
    path(section + "preview/", sections.section_preview, name="section-preview"),
    path(section + "draft/", drafts.section_autosave, name="section-autosave"),
    path(
        section + "drafts/<int:draft>/discard/",
        drafts.draft_discard,
        name="section-draft-discard",
    ),
    path(
        section + "conflicts/<int:draft>/",
        drafts.section_conflict,
        name="section-conflict",
    ),
    path(section + "move/", sections.section_move, name="section-move"),
    path(section + "remove/", sections.section_remove, name="section-remove"),
    path(section + "restore/", sections.section_restore, name="section-restore"),
    path(section + "lock/", sections.section_lock, name="section-lock"),
    path(section + "history/", revisions.section_history, name="section-history"),
    path(section + "diff/", revisions.section_diff, name="section-diff"),
    path(revision, revisions.revision_detail, name="revision-detail"),
    path(revision + "revert/", revisions.revision_revert, name="revision-revert"),
    path(revision + "hide/", revisions.revision_hide, name="revision-hide"),
]
