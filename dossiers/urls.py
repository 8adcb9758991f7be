from django.urls import path

from dossiers import views

urlpatterns = [
    path("", views.dossier_list, name="dossier-list"),
]
