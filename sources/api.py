"""Read-only API of the source library."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from carre.params import ApiPagination
from sources.models import Source

router = Router(tags=["sources"])


class SourceOut(Schema):
    key: str
    url: str
    canonical_url: str
    title: str
    publisher: str
    author: str
    kind: str
    published_on: datetime.date | None
    accessed_on: datetime.date | None
    language: str
    paywalled: bool
    archive_url: str
    link_status: str
    snapshot_sha256: str
    fetched_at: datetime.datetime | None


@router.get("/", response=list[SourceOut])
@paginate(ApiPagination)
def list_sources(request, q: str = ""):
    return Source.objects.visible_to(None).search(q).order_by("key")


@router.get("/{key}", response=SourceOut)
def get_source(request, key: str):
    return get_object_or_404(Source.objects.visible_to(None), key=key)
