"""Deployments as spreadsheet rows: the columns and the row builder.

The CSV export writes these rows and a CSV import reads them back, so both
sides share this one definition (an export → import round trip must give the
same deployments and sources).

The columns follow the CSV of the EFF's Atlas of Surveillance
(https://atlasofsurveillance.org/download.csv), in its order and with its
names, so that a Carré export can be compared and merged with it; the Atlas
columns that Carré has no data for (its agency numbers, county, state, type of
law-enforcement agency and jurisdiction) stay empty. Carré's own columns come
after them. A row is one deployment: normally one per place and technology; a
place with two deployments of one technology (two vendors, two phases) has
two rows, so that nothing is lost on the way back in.

Dates are ISO 8601 (YYYY-MM-DD, with the precision in its own column); the
technology, status and source kind are written as stable codes or in English,
whatever the reader's language.
"""

import csv
import io
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from facts.models import Deployment

# The Atlas of Surveillance's columns, in its order.
ATLAS_COLUMNS = (
    "AOSNUMBER",
    "NEWAOSNUMBER (ORI9)",
    "City",
    "County",
    "State",
    "Agency",
    "Type of LEA",
    "Summary",
    "Type of Juris",
    "Technology",
    "TECH ABV",
    "Vendor",
)
LINK_COUNT = 3
LINK_FIELDS = ("", " Snapshot", " Source", " Type", " Date")
LINK_COLUMNS = tuple(
    f"Link {number}{suffix}"
    for number in range(1, LINK_COUNT + 1)
    for suffix in LINK_FIELDS
)
OTHER_LINKS = "Other Links"
# Carré's own columns: what the Atlas has no place for.
CARRE_COLUMNS = (
    "Dossier",
    "Deployment ID",
    "Name",
    "Status",
    "Start Date",
    "Start Precision",
    "End Date",
    "End Precision",
    "Quantity",
    "Cost (EUR)",
    "Latitude",
    "Longitude",
    "Citations",
    "URL",
)
COLUMNS = (*ATLAS_COLUMNS, *LINK_COLUMNS, OTHER_LINKS, *CARRE_COLUMNS)


def export_deployments(dossiers) -> QuerySet:
    """The present (not removed) deployments of `dossiers`, ready for
    `deployment_row`: three queries whatever their number."""
    from sources.models import Citation

    citations = Citation.objects.select_related("source").order_by("position", "pk")
    return (
        Deployment.objects.filter(dossier__in=dossiers, removed=False)
        .select_related("dossier", "vendor")
        .prefetch_related(Prefetch("citations", queryset=citations))
        .order_by("dossier__title", "dossier__pk", "technology", "start_date", "pk")
    )


def _date(value) -> str:
    return value.isoformat() if value else ""


def _number(value) -> str:
    return "" if value is None else str(value)


def _pandoc_cites(citations) -> str:
    """The deployment's citations in Pandoc's syntax: `[@key, p. 3; @other]`."""
    items = []
    for citation in citations:
        item = f"@{citation.source.key}"
        if citation.locator:
            item += f", {citation.locator}"
        items.append(item)
    return f"[{'; '.join(items)}]" if items else ""


def deployment_row(deployment: Deployment, *, base_url: str = "") -> dict[str, str]:
    """One CSV row (column name → text) for a deployment.

    base_url: the site's address without a trailing slash ("https://…"),
    prefixed to the deployment's own link.
    """
    dossier = deployment.dossier
    citations = list(deployment.citations.all())
    sources = list({c.source.pk: c.source for c in citations}.values())
    with translation.override("en"):
        technology = deployment.get_technology_display()
        kinds = {source.pk: source.get_kind_display() for source in sources}
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "City": dossier.place or dossier.title,
            "Summary": deployment.description,
            "Technology": str(technology),
            "TECH ABV": deployment.technology,
            "Vendor": deployment.vendor.name if deployment.vendor else "",
            OTHER_LINKS: " ".join(
                source.url for source in sources[LINK_COUNT:] if source.url
            ),
            "Dossier": dossier.slug,
            "Deployment ID": str(deployment.pk),
            "Name": deployment.name,
            "Status": deployment.status,
            "Start Date": _date(deployment.start_date),
            "Start Precision": deployment.start_precision
            if deployment.start_date
            else "",
            "End Date": _date(deployment.end_date),
            "End Precision": deployment.end_precision if deployment.end_date else "",
            "Quantity": _number(deployment.quantity),
            "Cost (EUR)": _number(deployment.cost),
            "Latitude": _number(dossier.latitude),
            "Longitude": _number(dossier.longitude),
            "Citations": _pandoc_cites(citations),
            "URL": base_url + deployment.get_absolute_url(),
        }
    )
    for number, source in enumerate(sources[:LINK_COUNT], start=1):
        row[f"Link {number}"] = source.url
        row[f"Link {number} Snapshot"] = source.archive_url
        row[f"Link {number} Source"] = source.publisher or source.title
        row[f"Link {number} Type"] = str(kinds[source.pk])
        row[f"Link {number} Date"] = _date(source.published_on)
    return row


def write_csv(rows: Iterable[dict[str, str]]) -> str:
    """The rows as CSV text (RFC 4180, header first, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _defused(value) for name, value in row.items()})
    return out.getvalue()


# A cell starting with one of these is run as a formula by spreadsheet
# programs (CSV injection); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defused(value: str) -> str:
    if value and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def cell_value(text: str) -> str:
    """What a cell written by `write_csv` holds: the apostrophe that kept a
    spreadsheet from running it as a formula removed (for the import)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
