"""Reads of sources and citations; the prefetching lives here."""

from django.apps import apps
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.db.models import Prefetch, Q

# What a citing object needs to print its name and link (see the source page).
CITING_RELATED = {
    "dossiers.Section": ["dossier"],
    "dossiers.SectionRevision": ["section__dossier"],
    "forum.Post": ["thread"],
}


def _citing_querysets():
    querysets = []
    for label, related in CITING_RELATED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        querysets.append(model._base_manager.select_related(*related))
    return querysets


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The library is public: every reader may see every source."""
        return self

    def search(self, query: str):
        """Sources whose key, title, publisher, author or URL hold every word."""
        words = (query or "").split()[:8]
        condition = Q()
        for word in words:
            condition &= (
                Q(key__icontains=word)
                | Q(title__icontains=word)
                | Q(publisher__icontains=word)
                | Q(author__icontains=word)
                | Q(url__icontains=word)
            )
        return self.filter(condition)

    def for_list(self):
        return self.select_related("added_by").annotate(
            citation_count=models.Count("citations")
        )

    def for_detail(self):
        from sources.models import Citation

        citations = Citation.objects.select_related("content_type").prefetch_related(
            GenericPrefetch("content_object", _citing_querysets())
        )
        return self.select_related("added_by").prefetch_related(
            Prefetch("citations", queryset=citations, to_attr="all_citations")
        )


class CitationQuerySet(models.QuerySet):
    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=obj.pk)
