from django.urls import path

from tips import views

urlpatterns = [
    path("", views.tip_new, name="tip-new"),
    path("sent/", views.tip_sent, name="tip-sent"),
    path("inbox/", views.tip_inbox, name="tip-inbox"),
    path("inbox/<int:pk>/", views.tip_detail, name="tip-detail"),
    path("inbox/<int:pk>/thread/", views.tip_thread, name="tip-thread"),
    path("inbox/<int:pk>/source/", views.tip_source, name="tip-source"),
    path("inbox/<int:pk>/dismiss/", views.tip_dismiss, name="tip-dismiss"),
]
