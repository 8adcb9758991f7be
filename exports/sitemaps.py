"""sitemap.xml and robots.txt: what search engines may list, public only.

Only what an anonymous reader sees: published dossiers, approved threads, the
source library, and the pages that list them. Addresses are absolute, with
the request's host and scheme (no sites framework).
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from dossiers.models import Dossier
from forum.models import Thread
from sources.models import Source


class DossierSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Dossier.objects.visible_to(None).order_by("pk").only("slug", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at


class ThreadSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5
    limit = 5000

    def items(self):
        return (
            Thread.objects.visible_to(AnonymousUser())
            .order_by("pk")
            .only("pk", "last_post_at")
        )

    def lastmod(self, item):
        return item.last_post_at


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 5000

    def items(self):
        return Source.objects.visible_to(None).order_by("pk").only("key", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PlaceSitemap(Sitemap):
    """The pages that list places and what is deployed there."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["map", "technology-list", "dossier-list", "forum-index"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "places": PlaceSitemap,
    "dossiers": DossierSitemap,
    "threads": ThreadSitemap,
    "sources": SourceSitemap,
}


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Everything public may be crawled, not the accounts' and admin's pages."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /notifications/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
