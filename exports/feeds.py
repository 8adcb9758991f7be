"""Atom feeds of dossier changes: every published dossier, or one of them.

An entry is a saved section revision (hidden revisions and removed sections
left out), linking to that revision; only published dossiers appear.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carre.feeds import AtomFeed
from dossiers.models import Dossier, SectionRevision

FEED_SIZE = 30


def _public_revisions():
    return (
        SectionRevision.objects.filter(
            hidden=False,
            section__removed=False,
            section__dossier__status=Dossier.Status.PUBLISHED,
        )
        .select_related("editor", "section__dossier")
        .order_by("-created_at", "-pk")
    )


class DossierChangesFeed(AtomFeed):
    title = _("Dossiers: latest changes")
    subtitle = _("Sections of the published dossiers, as they are edited.")

    def link(self):
        return reverse("dossier-list")

    def items(self):
        return _public_revisions()[:FEED_SIZE]

    def item_title(self, item):
        return _("%(dossier)s: %(section)s (version %(number)s)") % {
            "dossier": item.section.dossier.title,
            "section": item.title,
            "number": item.number,
        }

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse(
            "revision-detail",
            kwargs={
                "slug": item.section.dossier.slug,
                "pk": item.section_id,
                "number": item.number,
            },
        )

    def item_author_name(self, item):
        return item.editor.public_name if item.editor else ""

    def item_pubdate(self, item):
        return item.created_at


class DossierFeed(DossierChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Dossier, slug=slug, status=Dossier.Status.PUBLISHED)

    def title(self, obj):
        return _("%(dossier)s: latest changes") % {"dossier": obj.title}

    def subtitle(self, obj):
        return obj.summary

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return _public_revisions().filter(section__dossier=obj)[:FEED_SIZE]
