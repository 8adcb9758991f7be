"""CSV imports of deployments: read, map, preview, then import all or nothing.

The file has the shape of the CSV export (`facts.exchange`, the EFF Atlas of
Surveillance's columns then Carré's), or any other column names that the
moderator maps to the expected fields. Reading is forgiving: UTF-8 (with or
without BOM) or Windows-1252, `;`, `,` or tab between cells, technologies and
statuses by code or by English or French label, dates in French formats.

Every line gets one outcome, with its reasons:

- **created**: a new deployment (and the place's dossier, its vendor and the
  sources of its links when they are new);
- **matched**: the deployment is already there and is left as it is. A line
  matches the deployment whose "Deployment ID" it names in the same dossier,
  or else the present deployment of the same dossier with the same
  technology, vendor, name, start date and end date (names compared without
  case or accents). Places match a dossier by slug ("Dossier" column), or
  by place or title (without case or accents), city dossiers first; vendors
  match an actor of the dossier by name; sources match by address (normalised
  as the library does) — never by citation key alone, which may name another
  source on the site that exported the file;
- **refused**: the line cannot be imported (unknown technology, no place, a
  date that is not one, the same deployment as an earlier line…).

`import_deployments` runs in one transaction and imports nothing when a line
is refused or the data changed since the preview.
"""

import codecs
import contextlib
import csv
import datetime
import functools
import hashlib
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import is_moderator
from carre.moderation_log import log_moderation
from facts import exchange
from facts.models import (
    Actor,
    DatePrecision,
    Deployment,
    DeploymentImport,
    FactRevision,
)
from facts.taxonomy import Technology

logger = logging.getLogger(__name__)

# --- the expected fields -------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    # Column names that map to the field without asking (first found wins),
    # compared without case or accents.
    columns: tuple[str, ...]
    required: bool = False
    # Shown in the mapping screen's "more columns" part.
    advanced: bool = False


def _link_fields() -> list[ImportField]:
    fields = []
    for number in range(1, exchange.LINK_COUNT + 1):
        fields += [
            ImportField(
                f"link_{number}",
                gettext_lazy("Link %(number)d") % {"number": number},
                (f"Link {number}", f"Lien {number}", f"Source {number}"),
                advanced=number > 1,
            ),
            ImportField(
                f"link_{number}_snapshot",
                gettext_lazy("Link %(number)d: archived copy") % {"number": number},
                (f"Link {number} Snapshot",),
                advanced=True,
            ),
            ImportField(
                f"link_{number}_source",
                gettext_lazy("Link %(number)d: publisher") % {"number": number},
                (f"Link {number} Source",),
                advanced=True,
            ),
            ImportField(
                f"link_{number}_type",
                gettext_lazy("Link %(number)d: kind") % {"number": number},
                (f"Link {number} Type",),
                advanced=True,
            ),
            ImportField(
                f"link_{number}_date",
                gettext_lazy("Link %(number)d: date") % {"number": number},
                (f"Link {number} Date",),
                advanced=True,
            ),
        ]
    return fields


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "place", gettext_lazy("Place"), ("City", "Ville", "Place", "Lieu", "Commune")
    ),
    ImportField("dossier", gettext_lazy("Dossier (slug)"), ("Dossier",)),
    ImportField(
        "technology",
        gettext_lazy("Technology"),
        ("TECH ABV", "Technology", "Technologie", "Technologies"),
        required=True,
    ),
    ImportField("status", gettext_lazy("Status"), ("Status", "Statut"), required=True),
    ImportField("vendor", gettext_lazy("Vendor"), ("Vendor", "Fournisseur", "Vendeur")),
    ImportField("name", gettext_lazy("Name"), ("Name", "Nom", "Produit")),
    ImportField(
        "description", gettext_lazy("Description"), ("Summary", "Description", "Résumé")
    ),
    ImportField(
        "start_date",
        gettext_lazy("Start date"),
        ("Start Date", "Date de début", "Début"),
    ),
    ImportField(
        "start_precision",
        gettext_lazy("Start date precision"),
        ("Start Precision",),
        advanced=True,
    ),
    ImportField(
        "end_date", gettext_lazy("End date"), ("End Date", "Date de fin", "Fin")
    ),
    ImportField(
        "end_precision",
        gettext_lazy("End date precision"),
        ("End Precision",),
        advanced=True,
    ),
    ImportField(
        "quantity",
        gettext_lazy("Number of devices"),
        ("Quantity", "Nombre", "Quantité", "Nombre de caméras"),
    ),
    ImportField("cost", gettext_lazy("Cost (€)"), ("Cost (EUR)", "Cost", "Coût")),
    ImportField("latitude", gettext_lazy("Latitude"), ("Latitude",), advanced=True),
    ImportField("longitude", gettext_lazy("Longitude"), ("Longitude",), advanced=True),
    *_link_fields(),
    ImportField(
        "other_links",
        gettext_lazy("Other links"),
        (exchange.OTHER_LINKS, "Sources", "Liens", "Links"),
    ),
    ImportField("citations", gettext_lazy("Citations"), ("Citations",), advanced=True),
    ImportField(
        "deployment_id",
        gettext_lazy("Deployment ID"),
        ("Deployment ID",),
        advanced=True,
    ),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


class ImportRefused(ValueError):
    """The file as a whole cannot be read (not CSV, too long, no header…)."""


# --- text -----------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text compared without case, accents or punctuation: "Vidéo-surveillance"
    and "video surveillance" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": gettext_lazy("UTF-8 with BOM"),
    "cp1252": gettext_lazy("Windows-1252 (Latin-1)"),
}


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 (with or without a BOM), else
    Windows-1252. Raises ImportRefused for what is not text."""
    if b"\x00" in data[:65536]:
        raise ImportRefused(_("This file is not a CSV file: it holds binary data."))
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise ImportRefused(
                _("This file is not a CSV file: it is neither UTF-8 nor Latin-1 text.")
            ) from None
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        raise ImportRefused(_("This file is a web page (HTML or XML), not a CSV file."))
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """`;`, `,` or a tab: what csv.Sniffer finds in the first lines, if the
    header line has it; otherwise the most frequent of them in the header."""
    header = text.split("\n", 1)[0]
    sample = text[:65536]
    if "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ""
    if delimiter and delimiter in header:
        return delimiter
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


DELIMITER_NAMES = {";": ";", ",": ",", "\t": gettext_lazy("tab")}


@dataclass(frozen=True)
class CsvFile:
    text: str
    encoding: str
    delimiter: str
    headers: tuple[str, ...]

    @property
    def encoding_name(self) -> str:
        return str(ENCODING_NAMES.get(self.encoding, self.encoding))

    @property
    def delimiter_name(self) -> str:
        return str(DELIMITER_NAMES.get(self.delimiter, self.delimiter))

    def rows(self):
        """(line number, cells) of each data line; the header is line 1."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        next(reader, None)
        yield from enumerate(reader, start=2)


def read_csv(data: bytes) -> CsvFile:
    """Decode the file and read its header. Raises ImportRefused."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error:
        header = []
    headers = tuple(cell.strip().lstrip("\ufeff") for cell in header)
    if not any(headers):
        raise ImportRefused(_("This file is empty: it has no header line."))
    if len(headers) < 2 or any(len(h) > 200 or "<" in h for h in headers):
        raise ImportRefused(
            _(
                "This file is not a CSV table: its first line should name the "
                "columns, separated by commas or semicolons."
            )
        )
    return CsvFile(text=text, encoding=encoding, delimiter=delimiter, headers=headers)


def guess_mapping(headers) -> dict[str, str]:
    """Each expected field -> the file's column of the same name ("" if none),
    names compared without case or accents."""
    by_fold = {}
    for header in headers:
        by_fold.setdefault(fold(header), header)
    mapping = {}
    for import_field in FIELDS:
        mapping[import_field.name] = next(
            (by_fold[fold(c)] for c in import_field.columns if fold(c) in by_fold), ""
        )
    return mapping


def missing_fields(mapping: dict[str, str]) -> list[str]:
    """The labels of the required fields that no column is mapped to."""
    missing = [str(f.label) for f in FIELDS if f.required and not mapping.get(f.name)]
    if not mapping.get("place") and not mapping.get("dossier"):
        missing.insert(0, str(_("Place or dossier")))
    return missing


# --- values ---------------------------------------------------------------------

MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            (
                ("janvier", "janv", "january", "jan"),
                ("fevrier", "fevr", "fev", "february", "feb"),
                ("mars", "march", "mar"),
                ("avril", "avr", "april", "apr"),
                ("mai", "may"),
                ("juin", "june", "jun"),
                ("juillet", "juil", "july", "jul"),
                ("aout", "august", "aug"),
                ("septembre", "sept", "september", "sep"),
                ("octobre", "oct", "october"),
                ("novembre", "nov", "november"),
                ("decembre", "dec", "december"),
            ),
            start=1,
        )
        for name in names
    }
}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ t][\d:.]+z?)?$")
NUMERIC_DATE = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")
TEXT_DATE = re.compile(r"^(?:(\d{1,2})(?:er)?\s+)?([a-z]+)\.?\s+(\d{4})$")
PRECISIONS = {
    "day": DatePrecision.DAY,
    "jour": DatePrecision.DAY,
    "month": DatePrecision.MONTH,
    "mois": DatePrecision.MONTH,
    "year": DatePrecision.YEAR,
    "annee": DatePrecision.YEAR,
    "an": DatePrecision.YEAR,
}


def parse_date(text: str) -> tuple[datetime.date | None, str]:
    """(date, precision) of "2020-02-01", "2020-02", "2020", "01/02/2020"
    (day first), "02/2020", "1er février 2020", "février 2020", "February
    2020". ("", "day") is (None, "day"). Raises ValueError."""
    value = " ".join(text.strip().lower().split())
    if not value:
        return None, DatePrecision.DAY
    bare = fold(value) if not ISO_DATE.match(value) else value
    day = month = year = None
    if re.fullmatch(r"\d{4}", value):
        return datetime.date(int(value), 1, 1), DatePrecision.YEAR
    if match := ISO_DATE.match(value):
        year, month, day = match.group(1), match.group(2), match.group(3)
    elif match := NUMERIC_DATE.match(value):
        day, month, year = match.groups()
    elif match := TEXT_DATE.match(bare):
        day, name, year = match.groups()
        if name not in MONTHS:
            raise ValueError(value)
        month = MONTHS[name]
    else:
        raise ValueError(value)
    date = datetime.date(int(year), int(month), int(day or 1))
    return date, DatePrecision.DAY if day else DatePrecision.MONTH


def parse_precision(text: str) -> str:
    """A precision column's value ("" if empty). Raises ValueError."""
    value = fold(text)
    if not value:
        return ""
    return PRECISIONS[value]  # KeyError is a LookupError, caught as such


def _choices_table(choices, aliases=()) -> dict[str, str]:
    """fold(code, English label, French label, aliases) -> code."""
    table = {}
    for choice in choices:
        table[fold(choice.value)] = choice.value
        with translation.override("en"):
            table[fold(str(choice.label))] = choice.value
        with translation.override("fr"):
            french = fold(str(choice.label))
        # French adjectives agree: "déployée", "prévues".
        for ending in ("", "e", "s", "es"):
            table.setdefault(french + ending, choice.value)
    for alias, code in aliases:
        table[fold(alias)] = code
    return table


TECHNOLOGY_ALIASES = (
    # The EFF Atlas of Surveillance's names.
    ("Automated License Plate Readers", Technology.ANPR),
    ("License Plate Readers", Technology.ANPR),
    ("ALPR", Technology.ANPR),
    ("Face Recognition", Technology.FACIAL_RECOGNITION),
    ("Video Analytics", Technology.ALGORITHMIC_VIDEO),
    ("Gunshot Detection", Technology.SOUND_SENSORS),
    ("Drone", Technology.DRONES),
    ("Surveillance cameras", Technology.VIDEO_SURVEILLANCE),
    ("CCTV", Technology.VIDEO_SURVEILLANCE),
    # What French groups write.
    ("vidéoprotection", Technology.VIDEO_SURVEILLANCE),
    ("vidéosurveillance", Technology.VIDEO_SURVEILLANCE),
    ("LAPI", Technology.ANPR),
    ("lecture automatisée de plaques d'immatriculation", Technology.ANPR),
    ("VSA", Technology.ALGORITHMIC_VIDEO),
    ("vidéosurveillance algorithmique", Technology.ALGORITHMIC_VIDEO),
    ("reconnaissance faciale", Technology.FACIAL_RECOGNITION),
    ("capteurs sonores", Technology.SOUND_SENSORS),
    ("police prédictive", Technology.PREDICTIVE_POLICING),
)


def technology_table() -> dict[str, str]:
    return _choices_table(Technology, TECHNOLOGY_ALIASES)


def status_table() -> dict[str, str]:
    return _choices_table(Deployment.Status)


def source_kind_table() -> dict[str, str]:
    from sources.models import Source

    return _choices_table(Source.Kind)


def parse_decimal(text: str) -> Decimal | None:
    """ "210 000 €", "60000.50", "60 000,50" -> Decimal. Raises ValueError."""
    value = re.sub(r"[\s\u00a0\u202f€]|eur\b", "", text.strip().lower())
    if not value:
        return None
    if "," in value and "." in value:
        # The last separator is the decimal one: 1,234.50 or 1.234,50.
        thousands = "," if value.rindex(".") > value.rindex(",") else "."
        value = value.replace(thousands, "")
    value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


CITATION_ITEM = re.compile(
    r"^\s*-?@([A-Za-z0-9_](?:[A-Za-z0-9_:.-]*[A-Za-z0-9_])?)\s*,?\s*(.*)$"
)


def parse_cites(text: str) -> list[tuple[str, str]]:
    """ "[@a, p. 3; @b]" -> [("a", "p. 3"), ("b", "")]."""
    cites = []
    for group in re.findall(r"\[([^\]]*)\]", text) or [text]:
        for item in group.split(";"):
            if match := CITATION_ITEM.match(item):
                cites.append((match.group(1), match.group(2).strip()[:100]))
    return cites


# --- the plan -------------------------------------------------------------------


@dataclass
class SourceDraft:
    """A source the import will create (or matched: `pk` set)."""

    url: str
    key: str = ""
    kind: str = ""
    publisher: str = ""
    archive_url: str = ""
    published_on: datetime.date | None = None
    pk: int | None = None


@dataclass
class Line:
    number: int
    outcome: str = ""  # created, matched, refused
    place: str = ""
    technology: str = ""
    status: str = ""
    vendor: str = ""
    name: str = ""
    reasons: list[str] = field(default_factory=list)
    # What the import writes for a created line.
    dossier_pk: int | None = None
    place_key: str = ""  # fold(place) of a dossier to create
    values: dict = field(default_factory=dict)
    cites: list[tuple[str, str]] = field(default_factory=list)  # (url or @key, loc)
    match_pk: int | None = None

    CREATED = "created"
    MATCHED = "matched"
    REFUSED = "refused"

    def refuse(self, reason: str) -> None:
        self.outcome = self.REFUSED
        self.reasons.append(reason)

    @property
    def technology_label(self) -> str:
        return Technology(self.technology).label if self.technology else ""

    @property
    def status_label(self) -> str:
        return Deployment.Status(self.status).label if self.status else ""


@dataclass
class NewPlace:
    name: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class ImportPlan:
    csv: CsvFile
    lines: list[Line]
    places: dict[str, NewPlace]  # fold(place) -> dossier to create
    # (dossier pk or place key, folded name) -> the name of a vendor to create
    vendors: dict[tuple[int | str, str], str]
    sources: dict[str, SourceDraft]  # normalised URL -> source (new or matched)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count(Line.CREATED)

    @property
    def matched(self) -> int:
        return self.count(Line.MATCHED)

    @property
    def refused(self) -> int:
        return self.count(Line.REFUSED)

    @property
    def new_sources(self) -> list[SourceDraft]:
        return [s for s in self.sources.values() if s.pk is None]

    @property
    def digest(self) -> str:
        """What the preview showed, in short: the import is refused when the
        plan it computes again differs (the data changed meanwhile)."""
        text = "|".join(
            f"{line.number}:{line.outcome}:{line.match_pk or ''}" for line in self.lines
        )
        text += "|" + ",".join(sorted(self.places))
        text += "|" + ",".join(sorted(s.url for s in self.new_sources))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return exchange.cell_value(cells[index].strip())


class _Tables:
    """What the lines are matched against, read once per plan."""

    def __init__(self, user):
        from dossiers.models import Dossier
        from facts.permissions import can_add_fact

        self.technologies = technology_table()
        self.statuses = status_table()
        self.kinds = source_kind_table()
        self.dossiers = {}
        self.by_slug = {}
        self.by_place = {}
        self.writable = {}
        dossiers = Dossier.objects.only(
            "pk", "slug", "title", "place", "kind", "locked"
        ).order_by("pk")
        for dossier in dossiers:
            self.dossiers[dossier.pk] = dossier
            self.by_slug[dossier.slug] = dossier.pk
            self.writable[dossier.pk] = can_add_fact(user, dossier)
        # City dossiers win over others of the same name; then the oldest.
        for dossier in sorted(
            self.dossiers.values(), key=lambda d: (d.kind != "city", d.pk)
        ):
            for name in (dossier.place, dossier.title):
                if name:
                    self.by_place.setdefault(fold(name), dossier.pk)


def plan_import(data: bytes, mapping: dict[str, str], *, user) -> ImportPlan:
    """Read the file with this mapping and decide each line's outcome.

    Reads the database, writes nothing. Raises ImportRefused when the file
    cannot be read as a whole (not CSV, more lines than allowed).
    """
    csv_file = read_csv(data)
    index = {}
    for position, header in enumerate(csv_file.headers):
        index.setdefault(header, position)
    columns = {name: index.get(mapping.get(name) or "") for name in FIELD_NAMES}
    tables = _Tables(user)
    maximum = settings.CARRE_IMPORT_MAX_LINES
    lines: list[Line] = []
    places: dict[str, NewPlace] = {}
    urls: dict[str, dict] = {}
    try:
        for number, cells in csv_file.rows():
            if not any(cell.strip() for cell in cells):
                continue  # the empty lines spreadsheets leave at the end
            if len(lines) >= maximum:
                raise _too_many_lines()
            values = {name: _cell(cells, columns[name]) for name in FIELD_NAMES}
            lines.append(
                _read_line(number, values, tables=tables, places=places, urls=urls)
            )
    except csv.Error as error:
        raise ImportRefused(
            _("Line %(number)s cannot be read as CSV (%(error)s).")
            % {"number": len(lines) + 2, "error": error}
        ) from None
    # Sources: those already in the library, by address.
    sources = {}
    known = _known_sources(list(urls))
    for url, meta in urls.items():
        draft = SourceDraft(url=url, **meta)
        draft.pk = known.get(url)
        sources[url] = draft
    _match(lines, tables=tables, sources=sources)
    vendors = {}
    for line in lines:
        if (
            line.outcome == Line.CREATED
            and line.vendor
            and line.values.get("vendor_pk") is None
        ):
            place = line.dossier_pk or line.place_key
            vendors.setdefault((place, fold(line.vendor)), line.vendor)
    used_places = {line.place_key for line in lines if line.outcome == Line.CREATED}
    places = {key: place for key, place in places.items() if key in used_places}
    used_urls = {
        cite
        for line in lines
        if line.outcome == Line.CREATED
        for cite, _locator in line.cites
    }
    sources = {url: s for url, s in sources.items() if url in used_urls}
    return ImportPlan(
        csv=csv_file, lines=lines, places=places, vendors=vendors, sources=sources
    )


def _too_many_lines() -> ImportRefused:
    maximum = settings.CARRE_IMPORT_MAX_LINES
    return ImportRefused(
        _(
            "This file has more than %(max)s lines of data; an import "
            "takes at most %(max)s. Split it into smaller files."
        )
        % {"max": f"{maximum:,}".replace(",", "\u202f")}
    )


def _check_line_count(csv_file: CsvFile) -> None:
    """Refuse a file over CARRE_IMPORT_MAX_LINES (or not readable as CSV)
    at once, reading no further than the limit."""
    count, number = 0, 1
    try:
        # `number` is read by the except clause: the line after the last read.
        for number, cells in csv_file.rows():  # noqa: B007
            if any(cell.strip() for cell in cells):
                count += 1
                if count > settings.CARRE_IMPORT_MAX_LINES:
                    raise _too_many_lines()
    except csv.Error as error:
        raise ImportRefused(
            _("Line %(number)s cannot be read as CSV (%(error)s).")
            % {"number": number + 1, "error": error}
        ) from None


def _read_line(number, cells, *, tables, places, urls) -> Line:
    """One line's values, checked without matching against existing rows."""
    from sources.normalization import InvalidURL, normalize_url

    line = Line(number=number, outcome=Line.CREATED)
    line.place = cells["place"]
    line.vendor = cells["vendor"][:200]
    line.name = cells["name"][:200]
    # The place: a dossier by slug, else by place or title, else a new one.
    slug = cells["dossier"]
    if slug and slug in tables.by_slug:
        line.dossier_pk = tables.by_slug[slug]
    elif line.place and fold(line.place) in tables.by_place:
        line.dossier_pk = tables.by_place[fold(line.place)]
    elif line.place:
        line.place_key = fold(line.place)
        if not line.place_key:
            line.refuse(
                _("The place “%(place)s” has no letters.") % {"place": line.place}
            )
        place = places.setdefault(line.place_key, NewPlace(name=line.place[:200]))
        try:
            latitude = parse_decimal(cells["latitude"])
            longitude = parse_decimal(cells["longitude"])
        except ValueError:
            latitude = longitude = None
        if (
            place.latitude is None
            and latitude is not None
            and longitude is not None
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            place.latitude = latitude.quantize(Decimal("0.000001"))
            place.longitude = longitude.quantize(Decimal("0.000001"))
    elif slug:
        line.refuse(_("No dossier has the slug “%(slug)s”.") % {"slug": slug})
    else:
        line.refuse(_("No place: the line names no city and no dossier."))
    if line.dossier_pk and not tables.writable[line.dossier_pk]:
        line.refuse(_("The dossier of this place is locked."))
    if line.dossier_pk:
        line.place = (
            tables.dossiers[line.dossier_pk].place
            or tables.dossiers[line.dossier_pk].title
        )
    # Technology and status.
    technology = cells["technology"]
    line.technology = tables.technologies.get(fold(technology), "")
    if not technology:
        line.refuse(_("No technology."))
    elif not line.technology:
        line.refuse(_("Unknown technology “%(value)s”.") % {"value": technology[:100]})
    status = cells["status"]
    line.status = tables.statuses.get(fold(status), "")
    if not status:
        line.refuse(_("No status."))
    elif not line.status:
        line.refuse(_("Unknown status “%(value)s”.") % {"value": status[:100]})
    values = {
        "technology": line.technology,
        "status": line.status,
        "name": line.name,
        "vendor": line.vendor,
        "description": cells["description"][:4000],
        "deployment_id": cells["deployment_id"],
    }
    # Dates.
    for which, label in (("start", _("start date")), ("end", _("end date"))):
        text = cells[f"{which}_date"]
        try:
            date, precision = parse_date(text)
        except (ValueError, OverflowError):
            line.refuse(
                _(
                    "The %(which)s “%(value)s” is not a date (write 2020-02-01, "
                    "01/02/2020, 1er février 2020, février 2020 or 2020)."
                )
                % {"which": label, "value": text[:50]}
            )
            date, precision = None, DatePrecision.DAY
        try:
            precision = parse_precision(cells[f"{which}_precision"]) or precision
        except LookupError:
            line.refuse(
                _("The precision “%(value)s” is not day, month or year.")
                % {"value": cells[f"{which}_precision"][:20]}
            )
        values[f"{which}_date"] = date
        values[f"{which}_precision"] = precision
    if (
        values["start_date"]
        and values["end_date"]
        and values["end_date"] < values["start_date"]
    ):
        line.refuse(_("The end date is before the start date."))
    # Numbers.
    try:
        quantity = parse_decimal(cells["quantity"])
        if quantity is not None and (
            quantity != quantity.to_integral() or quantity < 0
        ):
            raise ValueError
        values["quantity"] = None if quantity is None else int(quantity)
        if values["quantity"] is not None and values["quantity"] > 2_147_483_647:
            raise ValueError
    except ValueError:
        line.refuse(
            _("The number of devices “%(value)s” is not a whole number.")
            % {"value": cells["quantity"][:30]}
        )
    try:
        cost = parse_decimal(cells["cost"])
        if cost is not None and not (0 <= cost < Decimal("1e12")):
            raise ValueError
        values["cost"] = None if cost is None else cost.quantize(Decimal("0.01"))
    except ValueError:
        line.refuse(
            _("The cost “%(value)s” is not an amount in euros.")
            % {"value": cells["cost"][:30]}
        )
    # Links, then citations: the n-th cited key is the n-th link's source.
    links = []
    for number in range(1, exchange.LINK_COUNT + 1):
        url = cells[f"link_{number}"]
        meta = {
            "archive_url": cells[f"link_{number}_snapshot"],
            "publisher": cells[f"link_{number}_source"][:200],
            "kind": tables.kinds.get(fold(cells[f"link_{number}_type"]), ""),
            "published_on": None,
        }
        with contextlib.suppress(ValueError, OverflowError):
            meta["published_on"] = parse_date(cells[f"link_{number}_date"])[0]
        links.append((url, meta))
    for url in re.split(r"[\s|]+", cells["other_links"]):
        if url:
            links.append((url, {}))
    normalised = []
    for url, meta in links:
        if not url:
            normalised.append("")
            continue
        try:
            url = normalize_url(url)
        except InvalidURL:
            line.refuse(_("“%(value)s” is not a web address.") % {"value": url[:100]})
            normalised.append("")
            continue
        if len(url) > 2000:
            line.refuse(_("A web address is too long."))
            normalised.append("")
            continue
        if meta.get("archive_url"):
            try:
                meta["archive_url"] = normalize_url(meta["archive_url"])
            except InvalidURL:
                meta["archive_url"] = ""
        urls.setdefault(url, {"key": "", **meta} if meta else {"key": ""})
        normalised.append(url)
    cited = set()
    keys_in_order = []
    for key, _locator in parse_cites(cells["citations"]):
        if key not in keys_in_order:
            keys_in_order.append(key)
    key_urls = {}
    for position, key in enumerate(keys_in_order):
        url = normalised[position] if position < len(normalised) else ""
        key_urls[key] = url or f"@{key}"
        if url and not urls[url]["key"]:
            urls[url]["key"] = key
    for key, locator in parse_cites(cells["citations"]):
        line.cites.append((key_urls[key], locator))
        cited.add(key_urls[key])
    for url in normalised:
        if url and url not in cited:
            line.cites.append((url, ""))
            cited.add(url)
    line.values = values
    return line


def _known_sources(urls: list[str]) -> dict[str, int]:
    from sources.models import Source

    known = {}
    for start in range(0, len(urls), 2000):
        chunk = urls[start : start + 2000]
        rows = Source.objects.filter(
            Q(url__in=chunk) | Q(canonical_url__in=chunk)
        ).values_list("pk", "url", "canonical_url")
        for pk, url, canonical in sorted(rows):
            for address in (url, canonical):
                if address in chunk:
                    known.setdefault(address, pk)
    return known


def _deployment_key(dossier, values, vendor_name) -> tuple:
    return (
        dossier,
        values["technology"],
        fold(vendor_name),
        fold(values["name"]),
        values["start_date"],
        values["end_date"],
    )


def _match(lines: list[Line], *, tables, sources) -> None:
    """Decide created, matched or refused: duplicates in the file, the
    deployments and vendors already there, citation keys."""
    from sources.models import Source

    dossier_pks = {line.dossier_pk for line in lines if line.dossier_pk}
    vendors = {}
    others = {}
    for pk, dossier_id, name, kind in (
        Actor.objects.filter(dossier__in=dossier_pks, removed=False)
        .order_by("pk")
        .values_list("pk", "dossier_id", "name", "actor_kind")
    ):
        # A vendor-kind actor wins over a person of the same name.
        table = vendors if kind == Actor.Kind.VENDOR else others
        table.setdefault((dossier_id, fold(name)), pk)
    vendors = {**others, **vendors}
    existing = {}
    by_id = {}
    for pk, dossier_id, technology, vendor, name, start, end in (
        Deployment.objects.filter(dossier__in=dossier_pks, removed=False)
        .order_by("pk")
        .values_list(
            "pk",
            "dossier_id",
            "technology",
            "vendor__name",
            "name",
            "start_date",
            "end_date",
        )
    ):
        key = (dossier_id, technology, fold(vendor or ""), fold(name), start, end)
        existing.setdefault(key, pk)
        by_id[pk] = dossier_id
    cited_keys = {
        url[1:] for line in lines for url, _loc in line.cites if url.startswith("@")
    }
    keyed = dict(Source.objects.filter(key__in=cited_keys).values_list("key", "pk"))
    first = {}
    first_id = {}
    for line in lines:
        if line.outcome == Line.REFUSED:
            continue
        place = line.dossier_pk or line.place_key
        key = _deployment_key(place, line.values, line.vendor)
        if key in first:
            line.refuse(
                _("The same deployment as line %(number)s.") % {"number": first[key]}
            )
            continue
        first[key] = line.number
        named = line.values["deployment_id"]
        if named and (line.dossier_pk, named) in first_id:
            line.refuse(
                _("The same deployment ID as line %(number)s.")
                % {"number": first_id[(line.dossier_pk, named)]}
            )
            continue
        if named:
            first_id[(line.dossier_pk, named)] = line.number
        line.values["vendor_pk"] = vendors.get((line.dossier_pk, fold(line.vendor)))
        cites = []
        for url, locator in line.cites:
            if url.startswith("@"):
                if url[1:] in keyed:
                    cites.append((url, locator))
                else:
                    line.reasons.append(
                        _(
                            "@%(key)s has no address and no source has this key: "
                            "not cited."
                        )
                        % {"key": url[1:]}
                    )
            else:
                cites.append((url, locator))
        line.cites = cites
        line.values["keyed_sources"] = keyed
        match = None
        if line.dossier_pk:
            # The "Deployment ID" column: an id of this site, in the same dossier.
            named = line.values["deployment_id"]
            if named.isdigit() and by_id.get(int(named)) == line.dossier_pk:
                match = int(named)
            else:
                match = existing.get(key)
        if match:
            line.outcome = Line.MATCHED
            line.match_pk = match
            line.reasons.append(
                _("Already there (deployment %(id)s): left as it is.") % {"id": match}
            )
        else:
            line.outcome = Line.CREATED


# --- the state changes ----------------------------------------------------------


def check_can_import(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can import deployments."))


def expire_imports() -> int:
    """Delete the imports older than CARRE_IMPORT_EXPIRY_HOURS; their count."""
    limit = timezone.now() - datetime.timedelta(
        hours=settings.CARRE_IMPORT_EXPIRY_HOURS
    )
    # (not those in the worker's hands: its task would find its row gone)
    deleted, _counts = (
        DeploymentImport.objects.filter(created_at__lt=limit)
        .exclude(
            status__in=[DeploymentImport.Status.QUEUED, DeploymentImport.Status.RUNNING]
        )
        .delete()
    )
    return deleted


@transaction.atomic
def upload_import(*, by, file_name: str, data: bytes) -> DeploymentImport:
    """Keep an uploaded CSV file for the next steps, its columns guessed.

    Raises ImportRefused for a file too big or not readable as CSV.
    """
    check_can_import(by)
    expire_imports()
    if len(data) > settings.CARRE_IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("This file is bigger than %(size)s MB, the most an import takes.")
            % {"size": settings.CARRE_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    csv_file = read_csv(data)
    _check_line_count(csv_file)
    return DeploymentImport.objects.create(
        uploaded_by=by,
        file_name=file_name[:200],
        data=data,
        mapping=guess_mapping(csv_file.headers),
    )


@transaction.atomic
def set_import_mapping(upload: DeploymentImport, *, by, mapping: dict) -> None:
    check_can_import(by)
    headers = set(read_csv(bytes(upload.data)).headers)
    upload.mapping = {
        name: mapping.get(name, "") if mapping.get(name, "") in headers else ""
        for name in FIELD_NAMES
    }
    missing = missing_fields(upload.mapping)
    if missing:
        raise ValidationError(
            _("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    upload.save(update_fields=["mapping"])


# The transaction-level advisory lock that serialises imports ("CarrImpt").
IMPORT_LOCK = 0x43617272496D7074


class ImportChanged(ValidationError):
    """The plan computed at import time differs from the preview's."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    matched: int
    dossiers: int
    vendors: int
    sources: int


@transaction.atomic
def import_deployments(upload: DeploymentImport, *, by, digest: str) -> ImportResult:
    """Import the previewed file: everything or, when a line is refused or the
    data changed since the preview (`digest`), nothing.

    New sources are fetched by the worker once the transaction commits.
    """
    from carre.markdown import KEY_PATTERN
    from dossiers.models import Dossier
    from dossiers.services import create_dossier
    from sources.models import KEY_MAX_LENGTH, RESERVED_KEYS, Citation, Source
    from sources.services import generate_key

    check_can_import(by)
    # One import at a time: two files naming the same new place would each
    # create its dossier. The second one plans after the first committed,
    # finds the place, and is refused as changed since its preview.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
    upload = DeploymentImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status == DeploymentImport.Status.IMPORTED:
        raise ValidationError(_("This file was already imported."))
    plan = plan_import(bytes(upload.data), upload.mapping, user=by)
    if plan.refused:
        raise ValidationError(
            _("%(count)s lines are refused: correct the file, nothing was imported.")
            % {"count": plan.refused}
        )
    if plan.digest != digest:
        raise ImportChanged(
            _(
                "The data changed since the preview (someone added a deployment "
                "or a source): check the new preview, nothing was imported yet."
            )
        )
    now = timezone.now()
    # Places: a published city dossier each.
    place_pks = {}
    for key, place in plan.places.items():
        dossier = create_dossier(
            author=by,
            title=place.name,
            kind=Dossier.Kind.CITY,
            place=place.name,
            latitude=place.latitude,
            longitude=place.longitude,
            status=Dossier.Status.PUBLISHED,
        )
        place_pks[key] = dossier.pk
    # Vendors.
    vendor_pks = {}
    actor_type = ContentType.objects.get_for_model(Actor)
    for (place, _folded), name in sorted(plan.vendors.items(), key=str):
        dossier_pk = place_pks.get(place, place)
        actor = Actor.objects.create(
            dossier_id=dossier_pk,
            name=name,
            actor_kind=Actor.Kind.VENDOR,
            role=_("vendor"),
            version=1,
            created_at=now,
            updated_at=now,
        )
        FactRevision.objects.create(
            content_type=actor_type,
            object_id=actor.pk,
            dossier_id=dossier_pk,
            number=1,
            action=FactRevision.Action.CREATE,
            values={
                "name": actor.name,
                "actor_kind": actor.actor_kind,
                "role": actor.role,
                "description": "",
            },
            editor=by,
            created_at=now,
            summary=_("Imported from %(file)s") % {"file": upload.file_name},
        )
        vendor_pks[(dossier_pk, fold(name))] = actor.pk
    # Sources: new ones keep the file's key when it is free here.
    source_pks = {}
    new_sources = []
    for draft in plan.sources.values():
        if draft.pk:
            source_pks[draft.url] = draft.pk
            continue
        key = draft.key
        if (
            not re.fullmatch(KEY_PATTERN, key)
            or len(key) > KEY_MAX_LENGTH
            or key in RESERVED_KEYS
            or Source.objects.filter(key=key).exists()
        ):
            # (sources are created one by one: generate_key sees the others)
            key = generate_key(
                publisher=draft.publisher,
                url=draft.url,
                published_on=draft.published_on,
            )
        source = Source.objects.create(
            url=draft.url,
            key=key,
            key_is_generated=key != draft.key,
            kind=draft.kind or Source.Kind.ARTICLE,
            publisher=draft.publisher,
            archive_url=draft.archive_url,
            published_on=draft.published_on,
            fetch_status=Source.FetchStatus.PENDING,
            added_by=by,
        )
        source_pks[draft.url] = source.pk
        new_sources.append(source.pk)
    # Deployments, their first revisions and citations, in bulk.
    created = [line for line in plan.lines if line.outcome == Line.CREATED]
    deployments = []
    for line in created:
        dossier_pk = line.dossier_pk or place_pks[line.place_key]
        values = line.values
        vendor_pk = values["vendor_pk"] or vendor_pks.get(
            (dossier_pk, fold(values["vendor"]))
        )
        deployments.append(
            Deployment(
                dossier_id=dossier_pk,
                technology=values["technology"],
                status=values["status"],
                name=values["name"],
                vendor_id=vendor_pk if values["vendor"] else None,
                start_date=values["start_date"],
                start_precision=values["start_precision"],
                end_date=values["end_date"],
                end_precision=values["end_precision"],
                quantity=values["quantity"],
                cost=values["cost"],
                description=values["description"],
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
    Deployment.objects.bulk_create(deployments, batch_size=2000)
    deployment_type = ContentType.objects.get_for_model(Deployment)
    citations, revisions = [], []
    summary = _("Imported from %(file)s") % {"file": upload.file_name}
    for line, deployment in zip(created, deployments, strict=True):
        rows = []
        for url, locator in line.cites:
            if url.startswith("@"):
                source_pk = line.values["keyed_sources"][url[1:]]
            else:
                source_pk = source_pks[url]
            row = {"source_id": source_pk, "locator": locator}
            if row not in rows:
                rows.append(row)
        citations += [
            Citation(
                content_type=deployment_type,
                object_id=deployment.pk,
                source_id=row["source_id"],
                locator=row["locator"],
                position=position,
                created_at=now,
            )
            for position, row in enumerate(rows)
        ]
        revisions.append(
            FactRevision(
                content_type=deployment_type,
                object_id=deployment.pk,
                dossier_id=deployment.dossier_id,
                number=1,
                action=FactRevision.Action.CREATE,
                values=_revision_values(deployment, rows),
                editor=by,
                created_at=now,
                summary=summary[:300],
            )
        )
    Citation.objects.bulk_create(citations, batch_size=2000)
    FactRevision.objects.bulk_create(revisions, batch_size=2000)
    touched = {d.dossier_id for d in deployments}
    Dossier.objects.filter(pk__in=touched).update(updated_at=now, last_editor=by)
    result = ImportResult(
        created=len(deployments),
        matched=plan.matched,
        dossiers=len(place_pks),
        vendors=len(vendor_pks),
        sources=len(new_sources),
    )
    upload.status = DeploymentImport.Status.IMPORTED
    upload.summary = _describe(result)[:300]
    upload.error = ""
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "summary", "error", "finished_at"])
    log_moderation(
        by,
        "import",
        details=f"{upload.file_name}: {upload.summary}",
    )
    transaction.on_commit(lambda: _enqueue_fetches(new_sources))
    return result


@transaction.atomic
def queue_import(upload: DeploymentImport, *, by, digest: str) -> None:
    """Confirm the previewed file: the worker imports it (run_import).

    Only marks the row queued and enqueues the task once committed; the
    checks against the data (refused lines, the preview's digest) run in the
    task, under the import's own transaction.
    """
    from facts.tasks import run_import as run_import_task

    check_can_import(by)
    upload = DeploymentImport.objects.select_for_update().get(pk=upload.pk)
    if upload.uploaded_by_id != by.pk:
        raise PermissionDenied(_("Only the moderator who uploaded a file imports it."))
    if upload.status == DeploymentImport.Status.IMPORTED:
        raise ValidationError(_("This file was already imported."))
    if not upload.is_open:
        raise ValidationError(_("This file is being imported already."))
    if not digest:
        raise ValidationError(_("Confirm the import from its preview."))
    upload.status = DeploymentImport.Status.QUEUED
    upload.digest = digest[:64]
    upload.error = ""
    upload.summary = ""
    upload.queued_at = timezone.now()
    upload.started_at = upload.finished_at = None
    upload.save(
        update_fields=[
            "status",
            "digest",
            "error",
            "summary",
            "queued_at",
            "started_at",
            "finished_at",
        ]
    )
    pk = upload.pk
    transaction.on_commit(lambda: run_import_task.enqueue(pk))


# What a failure the moderator cannot act on says (the details go to the log).
UNEXPECTED_FAILURE = gettext_lazy(
    "The import stopped on an unexpected error; nothing was imported. "
    "Try again later or tell the administrators."
)


def run_import(import_pk: int) -> str:
    """The worker's side of an import (facts.tasks.run_import): its outcome.

    The row says `running` (committed at once, for the status page), then
    import_deployments runs in its own transaction: all or nothing. On any
    failure that transaction is rolled back and the row says `failed` with
    the reason. Run again (a worker killed mid-import, its task given back
    to the queue by carre.task_recovery), it starts over from a clean state
    since nothing of the killed run was committed; an import already done is
    left alone.
    """
    started = DeploymentImport.objects.filter(
        pk=import_pk,
        status__in=[DeploymentImport.Status.QUEUED, DeploymentImport.Status.RUNNING],
    ).update(status=DeploymentImport.Status.RUNNING, started_at=timezone.now())
    if not started:
        return "skipped"  # deleted, done already, or not confirmed
    upload = DeploymentImport.objects.select_related("uploaded_by").get(pk=import_pk)
    by = upload.uploaded_by
    # The texts kept (summary, reason, revisions' "Imported from") in the
    # moderator's language, as when the import ran in their request.
    language = by.language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            import_deployments(upload, by=by, digest=upload.digest)
    except ImportRefused as refusal:
        reason = str(refusal)
    except PermissionDenied as denied:
        reason = str(denied)
    except ValidationError as invalid:
        reason = " ".join(invalid.messages)
    except Exception:
        logger.exception("Import %s failed", import_pk)
        with translation.override(language):
            reason = str(UNEXPECTED_FAILURE)
    else:
        return "imported"
    DeploymentImport.objects.filter(pk=import_pk).update(
        status=DeploymentImport.Status.FAILED,
        error=reason,
        finished_at=timezone.now(),
    )
    return "failed"


def _revision_values(deployment: Deployment, citations: list[dict]) -> dict:
    from facts.services import _to_json

    values = {
        name: _to_json(getattr(deployment, name))
        for name in Deployment.revision_fields
        if name != "citations"
    }
    values["citations"] = citations
    return values


def _describe(result: ImportResult) -> str:
    return _(
        "%(created)s deployments created, %(matched)s already there; "
        "%(dossiers)s new dossiers, %(vendors)s new vendors, %(sources)s new sources."
    ) % {
        "created": result.created,
        "matched": result.matched,
        "dossiers": result.dossiers,
        "vendors": result.vendors,
        "sources": result.sources,
    }


def _enqueue_fetches(source_pks: list[int]) -> None:
    from sources.tasks import fetch_source

    for pk in source_pks:
        fetch_source.enqueue(pk)
