from django.urls import path, register_converter

from facts import import_views, review_views, views


class FactKindConverter:
    regex = "actor|figure|event|deployment"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FactKindConverter, "factkind")

urlpatterns = [
    path("technologies/", views.technology_list, name="technology-list"),
    # Pending fact edits of new accounts (facts/review.py).
    path("review/", review_views.fact_review_list, name="fact-review-list"),
    path(
        "review/<int:pk>/", review_views.fact_review_detail, name="fact-review-detail"
    ),
    path(
        "review/<int:pk>/accept/",
        review_views.fact_review_accept,
        name="fact-review-accept",
    ),
    path(
        "review/<int:pk>/refuse/",
        review_views.fact_review_refuse,
        name="fact-review-refuse",
    ),
    path("dossier/<slug:slug>/", views.facts_panel_view, name="facts-panel"),
    path("dossier/<slug:slug>/<factkind:kind>/add/", views.fact_add, name="fact-add"),
    path("<factkind:kind>/<int:pk>/edit/", views.fact_edit, name="fact-edit"),
    path("<factkind:kind>/<int:pk>/history/", views.fact_history, name="fact-history"),
    path(
        "<factkind:kind>/<int:pk>/revert/<int:number>/",
        views.fact_revert,
        name="fact-revert",
    ),
    path("<factkind:kind>/<int:pk>/remove/", views.fact_remove, name="fact-remove"),
    path("<factkind:kind>/<int:pk>/restore/", views.fact_restore, name="fact-restore"),
    path("<factkind:kind>/<int:pk>/lock/", views.fact_lock, name="fact-lock"),
    path("import/", import_views.import_upload, name="deployment-import"),
    path(
        "import/<uuid:token>/",
        import_views.import_mapping,
        name="deployment-import-mapping",
    ),
    path(
        "import/<uuid:token>/preview/",
        import_views.import_preview,
        name="deployment-import-preview",
    ),
    path(
        "import/<uuid:token>/status/",
        import_views.import_status,
        name="deployment-import-status",
    ),
    path(
        "dossier/<slug:slug>/provenance/",
        views.dossier_provenance,
        name="dossier-provenance",
    ),
]
