from django.urls import path

from dossiers import views

section = "<slug:slug>/sections/<int:pk>/"
revision = section + "revisions/<int:number>/"

urlpatterns = [
    path("", views.dossier_list, name="dossier-list"),
    path("new/", views.dossier_create, name="dossier-create"),
    path("<slug:slug>/", views.dossier_detail, name="dossier-detail"),
    path("<slug:slug>/edit/", views.dossier_edit, name="dossier-edit"),
    path("<slug:slug>/history/", views.dossier_history, name="dossier-history"),
    path("<slug:slug>/watch/", views.dossier_watch, name="dossier-watch"),
    path("<slug:slug>/lock/", views.dossier_lock, name="dossier-lock"),
    path("<slug:slug>/sections/new/", views.section_add, name="section-add"),
    path(section, views.section_detail, name="section-detail"),
    path(section + "edit/", views.section_edit, name="section-edit"),
    path(section + "preview/", views.section_preview, name="section-preview"),
    path(section + "draft/", views.section_autosave, name="section-autosave"),
    path(
        section + "drafts/<int:draft>/discard/",
        views.draft_discard,
        name="section-draft-discard",
    ),
    path(
        section + "conflicts/<int:draft>/",
        views.section_conflict,
        name="section-conflict",
    ),
    path(section + "move/", views.section_move, name="section-move"),
    path(section + "remove/", views.section_remove, name="section-remove"),
    path(section + "restore/", views.section_restore, name="section-restore"),
    path(section + "lock/", views.section_lock, name="section-lock"),
    path(section + "history/", views.section_history, name="section-history"),
    path(section + "diff/", views.section_diff, name="section-diff"),
    path(revision, views.revision_detail, name="revision-detail"),
    path(revision + "revert/", views.revision_revert, name="revision-revert"),
    path(revision + "hide/", views.revision_hide, name="revision-hide"),
]
