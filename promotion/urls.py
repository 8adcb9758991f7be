from django.urls import path

from promotion import views

# Mounted under facts/ (carre/urls.py), where these addresses have always been.
urlpatterns = [
    path("posts/<int:pk>/add-to-dossier/", views.post_promote, name="post-promote"),
]
