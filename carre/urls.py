from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import views as accounts_views
from carre import views
from carre.api import api
from facts import views as facts_views
from sources import views as sources_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for it on pages that name no icon (the admin's).
    path(
        "favicon.ico",
        RedirectView.as_view(url=static_url("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("search/", include("search.urls")),
    path("map/", facts_views.map_view, name="map"),
    path("i18n/", include("django.conf.urls.i18n")),
    # allauth's sign-up page, refusing a username taken at the same moment.
    path("accounts/signup/", accounts_views.signup, name="account_signup"),
    # allauth's login page, refusing logins while the cache is down.
    path("accounts/login/", accounts_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("forum/", include("forum.urls")),
    path("notifications/", include("notifications.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("sources/", include("sources.urls")),
    # Uploaded files (MEDIA_URL): each through the view of the app that owns
    # it, which checks the viewer may see the object first (carre/media.py).
    path("media/sources/<path:name>", sources_views.source_file, name="source-file"),
    path("facts/", include("facts.urls")),
    # "Add to dossier" under a forum post; its addresses stay under facts/.
    path("facts/", include("promotion.urls")),
    path("api/", api.urls),
]

handler400 = "carre.views.bad_request"
handler403 = "carre.views.permission_denied"
handler404 = "carre.views.page_not_found"
handler500 = "carre.views.server_error"
