from django.urls import path

from forum import views

urlpatterns = [
    path("", views.category_list, name="forum-index"),
]
