"""The technocarte and the global timeline: facts across dossiers, filtered.

The map page, the list beside it and the timeline read the same filters, so
what the map draws is exactly what the list says. The map page, its GeoJSON
and CSV downloads and the API's map read them from a query string through
one function, `read_filters`; the choices a filter may take come from here.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from carre.params import BadInput, choice_param, int_param
from facts.formatting import fact_period
from facts.models import Deployment, Event
from facts.taxonomy import Technology

# The few letters drawn inside a deployment's marker, so that a marker says
# its technology in text and not only by its shape.
ABBREVIATIONS = {
    Technology.VIDEO_SURVEILLANCE: pgettext_lazy("technology abbreviation", "CCTV"),
    Technology.ANPR: pgettext_lazy("technology abbreviation", "ANPR"),
    Technology.ALGORITHMIC_VIDEO: pgettext_lazy("technology abbreviation", "AVA"),
    Technology.FACIAL_RECOGNITION: pgettext_lazy("technology abbreviation", "FR"),
    Technology.DRONES: pgettext_lazy("technology abbreviation", "DR"),
    Technology.SOUND_SENSORS: pgettext_lazy("technology abbreviation", "SND"),
    Technology.PREDICTIVE_POLICING: pgettext_lazy("technology abbreviation", "PP"),
    Technology.OTHER: pgettext_lazy("technology abbreviation", "?"),
}

# The years a period filter may name: wide enough for any deployment.
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True)
class DeploymentFilters:
    """What the map shows: every value empty means everything."""

    technology: str = ""
    status: str = ""
    vendor: str = ""
    since: int | None = None
    until: int | None = None

    @property
    def active(self) -> bool:
        return any((self.technology, self.status, self.vendor, self.since, self.until))

    def apply(self, deployments):
        """Deployments matching every filter. A period keeps the deployments
        whose known dates overlap it: an unknown start or end excludes
        nothing, since the fact may well fall inside."""
        if self.technology:
            deployments = deployments.filter(technology=self.technology)
        if self.status:
            deployments = deployments.filter(status=self.status)
        if self.vendor:
            deployments = deployments.filter(vendor__name=self.vendor)
        if self.since is not None:
            deployments = deployments.filter(
                Q(end_date__isnull=True)
                | Q(end_date__gte=datetime.date(self.since, 1, 1))
            )
        if self.until is not None:
            deployments = deployments.filter(
                Q(start_date__isnull=True)
                | Q(start_date__lte=datetime.date(self.until, 12, 31))
            )
        return deployments

    @property
    def query(self) -> str:
        """The filters as a query string ("" or "?technology=…"), in the
        parameters `read_filters` reads: what a download link carries."""
        params = {
            "technology": self.technology,
            "status": self.status,
            "vendor": self.vendor,
            "from": "" if self.since is None else self.since,
            "to": "" if self.until is None else self.until,
        }
        kept = {name: value for name, value in params.items() if value != ""}
        return "?" + urlencode(kept) if kept else ""


def read_filters(params, vendors, *, notices: list | None = None):
    """The `DeploymentFilters` of a query string (technology, status, vendor,
    from, to: years), `vendors` being the vendor names offered.

    One rule for a bad value (unknown code or vendor, a year that is not a
    whole number between FIRST_YEAR and LAST_YEAR, a period that ends before
    it starts): with `notices` (the map page) it is left out and its message
    appended, since a shared link may name a value that no longer exists;
    without (the downloads and the API, read by programs) it raises BadInput,
    a 400 with the message, rather than answer something else than asked.
    """

    def read(name, parse):
        try:
            return parse()
        except BadInput as error:
            if notices is None:
                given = (params.get(name) or "").strip()[:100]
                raise BadInput(
                    _("%(problem)s Given: “%(value)s”.")
                    % {"problem": error.message, "value": given}
                ) from error
            notices.append(
                _("%(problem)s This filter was ignored.") % {"problem": error.message}
            )
            return None

    years = {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}
    since = read(
        "from", lambda: int_param(params, "from", label=_("From the year"), **years)
    )
    until = read("to", lambda: int_param(params, "to", label=_("To the year"), **years))
    if since is not None and until is not None and since > until:
        if notices is None:
            raise BadInput(_("The period ends before it starts."))
        notices.append(_("The period ends before it starts; it was ignored."))
        since = until = None
    technology = read(
        "technology",
        lambda: choice_param(
            params, "technology", Technology.values, label=_("Technology")
        ),
    )
    status = read(
        "status",
        lambda: choice_param(
            params, "status", Deployment.Status.values, label=_("Status")
        ),
    )
    vendor = read(
        "vendor", lambda: choice_param(params, "vendor", vendors, label=_("Vendor"))
    )
    return DeploymentFilters(
        technology=technology or "",
        status=status or "",
        vendor=vendor or "",
        since=since,
        until=until,
    )


@dataclass
class Place:
    """A dossier on the map, with the deployments the filters keep."""

    dossier: object
    deployments: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"place-{self.dossier.slug}"


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _mapped_dossiers():
    from dossiers.models import Dossier

    return Dossier.objects.filter(
        status=Dossier.Status.PUBLISHED,
        latitude__isnull=False,
        longitude__isnull=False,
    )


def map_places(filters: DeploymentFilters) -> list[Place]:
    """Published dossiers with coordinates and their matching deployments.

    Without filters every such dossier is a place, even one with no
    deployment yet; with filters, only the places where something matches.
    Two queries whatever the number of places.
    """
    deployments = filters.apply(
        Deployment.objects.filter(removed=False, dossier__in=_mapped_dossiers())
    ).select_related("vendor")
    by_dossier: dict[int, list] = {}
    for deployment in deployments.order_by("technology", "start_date", "id"):
        by_dossier.setdefault(deployment.dossier_id, []).append(deployment)
    dossiers = _mapped_dossiers().order_by("id")
    if filters.active:
        dossiers = dossiers.filter(pk__in=by_dossier)
    places = []
    # Accents aside, as a French reader orders names (Épernay before Reims).
    for dossier in sorted(dossiers, key=lambda d: _sort_key(d.title)):
        found = by_dossier.get(dossier.pk, [])
        for deployment in found:
            deployment.dossier = dossier
            deployment.abbreviation = ABBREVIATIONS[deployment.technology]
        places.append(Place(dossier=dossier, deployments=found))
    return places


def map_vendors(dossiers=None) -> list[str]:
    """The names of the vendors of the deployments on the map (or of
    `dossiers`' deployments), for the filter."""
    if dossiers is None:
        dossiers = _mapped_dossiers()
    names = (
        Deployment.objects.filter(
            removed=False, dossier__in=dossiers, vendor__isnull=False
        )
        .values_list("vendor__name", flat=True)
        .distinct()
    )
    return sorted(names, key=_sort_key)


def timeline_events(user, *, technology: str = "", vendor: str = "", place: str = ""):
    """The events of the dossiers `user` may read, oldest first.

    Events carry no technology or vendor of their own: the filters keep the
    events of the dossiers that record a (present) deployment of that
    technology, or by that vendor, or that are about that place.
    """
    from dossiers.models import Dossier

    dossiers = Dossier.objects.visible_to(user)
    if technology:
        dossiers = dossiers.filter(
            deployments__technology=technology, deployments__removed=False
        )
    if vendor:
        dossiers = dossiers.filter(
            deployments__vendor__name=vendor, deployments__removed=False
        )
    if place:
        dossiers = dossiers.filter(place=place)
    return (
        Event.objects.filter(removed=False, dossier__in=dossiers.values("pk"))
        .select_related("dossier")
        .order_by("date", "end_date", "dossier__title", "id")
    )


def timeline_choices(user) -> dict[str, list[str]]:
    """The vendors and places the timeline can be filtered by."""
    from dossiers.models import Dossier

    dossiers = Dossier.objects.visible_to(user)
    vendors = (
        Deployment.objects.filter(
            removed=False, dossier__in=dossiers, vendor__isnull=False
        )
        .values_list("vendor__name", flat=True)
        .distinct()
    )
    places = (
        dossiers.filter(events__removed=False)
        .exclude(place="")
        .values_list("place", flat=True)
        .distinct()
    )
    return {
        "vendors": sorted(vendors, key=_sort_key),
        "places": sorted(places, key=_sort_key),
    }


def map_markers(places: list[Place]) -> list[dict]:
    """What static/js/map.js draws, as JSON: each place and its deployments,
    every text already translated (the script adds no words of its own)."""
    return [
        {
            "title": place.dossier.title,
            "url": place.dossier.get_absolute_url(),
            "place": place.dossier.place,
            "anchor": place.anchor,
            "lat": float(place.dossier.latitude),
            "lng": float(place.dossier.longitude),
            "deployments": [
                {
                    "technology": deployment.technology,
                    "technology_label": str(deployment.get_technology_display()),
                    "abbreviation": str(ABBREVIATIONS[deployment.technology]),
                    "status": deployment.status,
                    "status_label": str(deployment.get_status_display()),
                    "name": deployment.name,
                    "vendor": deployment.vendor.name if deployment.vendor else "",
                    "period": fact_period(
                        deployment.start_date,
                        deployment.start_precision,
                        deployment.end_date,
                        deployment.end_precision,
                    ),
                    "url": deployment.get_absolute_url(),
                }
                for deployment in place.deployments
            ],
        }
        for place in places
    ]


def technology_legend() -> list[dict]:
    """Each technology's code, label and marker letters, for the legend."""
    return [
        {"code": choice.value, "label": choice.label, "abbreviation": abbreviation}
        for choice, abbreviation in ABBREVIATIONS.items()
    ]
