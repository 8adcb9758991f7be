from django.urls import path

from profiles import views

urlpatterns = [
    path("<str:username>/", views.profile_detail, name="user-profile"),
]
