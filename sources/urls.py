from django.urls import path

from sources import views

urlpatterns = [
    path("", views.source_list, name="source-list"),
    path("add/", views.source_add, name="source-add"),
    path("picker/", views.source_picker, name="source-picker"),
    path("<slug:key>/", views.source_detail, name="source-detail"),
    path("<slug:key>/edit/", views.source_edit, name="source-edit"),
    path("<slug:key>/fetch/", views.source_refetch, name="source-refetch"),
]
