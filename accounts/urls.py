from django.urls import path

from accounts import trust_views, views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile-edit"),
    path("trust/<int:pk>/", trust_views.account_trust, name="account-trust"),
    path("security/", views.account_security, name="account-security"),
    path("sessions/", views.account_sessions, name="account-sessions"),
    path("data/", views.account_data, name="account-data"),
    path("data/export/", views.account_export, name="account-export"),
    path("delete/", views.account_delete, name="account-delete"),
]
