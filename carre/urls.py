from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from accounts import views as accounts_views
from carre import views
from carre.api import api, legacy_redirect
from exports import sitemaps
from facts import views as facts_views
from sources import views as sources_views
from tips import views as tips_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("guide/", views.guide, name="guide"),
    # Browsers ask for it on pages that name no icon (the admin's).
    path(
        "favicon.ico",
        RedirectView.as_view(url=static_url("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    # Downloads and feeds (exports/urls.py), beside the pages they export.
    path("", include("exports.urls")),
    path("search/", include("search.urls")),
    path("map/", facts_views.map_view, name="map"),
    path("timeline/", facts_views.timeline_view, name="timeline"),
    # Django's switch, without a CSRF token: anonymous pages set no cookie.
    path("i18n/setlang/", views.set_language, name="set_language"),
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
    path("media/tips/<path:name>", tips_views.tip_file, name="tip-file"),
    path("facts/", include("facts.urls")),
    # "Add to dossier" under a forum post; its addresses stay under facts/.
    path("facts/", include("promotion.urls")),
    # Public profile pages, and anonymous tips with their moderators' inbox.
    path("u/", include("profiles.urls")),
    path("tips/", include("tips.urls")),
    path("api/v1/", api.urls),
    # The addresses of the API before its version 1, kept as redirects.
    re_path(r"^api/(?!v1(?:/|$))(?P<rest>.*)$", legacy_redirect, name="api-legacy"),
]

handler400 = "carre.views.bad_request"
handler403 = "carre.views.permission_denied"
handler404 = "carre.views.page_not_found"
handler500 = "carre.views.server_error"
