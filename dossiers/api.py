"""Read-only API of dossiers: published dossiers and their current sections."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from carre.params import ApiPagination
from dossiers.models import Dossier, Section

router = Router(tags=["dossiers"])


class DossierOut(Schema):
    slug: str
    title: str
    kind: str
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    summary: str
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_url(dossier) -> str:
        return dossier.get_absolute_url()


class SectionOut(Schema):
    anchor: str
    title: str
    text: str
    html: str
    version: int
    updated_at: datetime.datetime


class DossierDetailOut(DossierOut):
    sections: list[SectionOut]

    @staticmethod
    def resolve_sections(dossier) -> list:
        return dossier.present_sections


@router.get("/", response=list[DossierOut])
@paginate(ApiPagination)
def list_dossiers(request, kind: str = ""):
    dossiers = Dossier.objects.visible_to(None).order_by("-updated_at", "pk")
    if kind:
        dossiers = dossiers.filter(kind=kind)
    return dossiers


@router.get("/{slug}", response=DossierDetailOut)
def get_dossier(request, slug: str):
    sections = Section.objects.present().order_by("position", "pk")
    dossiers = Dossier.objects.visible_to(None).prefetch_related(
        Prefetch("sections", queryset=sections, to_attr="present_sections")
    )
    return get_object_or_404(dossiers, slug=slug)
