from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import views as accounts_views
from carre import views
from carre.api import api
from facts import views as facts_views

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
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("forum/", include("forum.urls")),
    path("notifications/", include("notifications.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("sources/", include("sources.urls")),
    path("facts/", include("facts.urls")),
    # "Add to dossier" under a forum post; its addresses stay under facts/.
    path("facts/", include("promotion.urls")),
    path("api/", api.urls),
]

handler400 = "carre.views.bad_request"
handler500 = "carre.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
