"""One ranked list over dossiers, sections, threads, posts, sources and facts.

Accents and case are forgotten on both sides (migration 0002's
`carre_normalise`), French stemming is kept, and every typed word also finds
the words it begins: "videosurv", "cameras", "Thales", "recon faciale" find
what is written "vidéosurveillance", "caméras", "Thalès", "reconnaissance
faciale". "Quoted phrases", OR and -exclusions work as in a web search
engine. Every read starts from the viewer's `visible_to` querysets.

Each kind's most recent CANDIDATES matches are its candidates
(`_candidates`: a bounded walk back through the newest posts, or the GIN
index); one UNION ALL query ranks all the kinds' candidates together with
one LIMIT; then the page's rows are read by key, with their headline. A
common word over 100,000 posts costs about what a rare one does
(docs/search.md, docs/performance.md).
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import reduce

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, Section, SectionRevision
from facts.models import Actor, Deployment, Event, FactRevision, Figure, Provenance
from facts.taxonomy import Technology
from forum.models import Post, Thread
from search import snippets
from search.documents import (
    Both,
    Document,
    Either,
    Headline,
    Matches,
    Not,
    Phrase,
    Rank,
    TsQuery,
    Word,
    evaluate,
)
from search.normalise import normalise
from sources.models import Citation, Source

PAGE_SIZE = 20
MAX_PAGE = 10
CANDIDATES = 200
WINDOW = 2000
MAX_TERMS = 12
# A deployment whose technology's name matches the words typed ranks as a
# good body match would.
TECHNOLOGY_MATCH_RANK = 0.3
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
LETTERS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Criteria:
    """What the reader asked for (search/forms.py validates it)."""

    text: str
    kind: str = ""
    dossier: Dossier | None = None
    author: object = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    page: int = 1


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    rank: float
    date: datetime.date | datetime.datetime | None
    context: str = ""
    snippet: tuple = ()


@dataclass
class Results:
    criteria: Criteria
    hits: list[Hit] = field(default_factory=list)
    has_next: bool = False

    @property
    def query(self) -> str:
        return self.criteria.text


@dataclass(frozen=True)
class Typed:
    """The typed text as a tsquery expression, and its plain words."""

    query: object
    words: tuple[str, ...]


def parse(text: str) -> Typed | None:
    """The tsquery expression of `text`, web-search style; None if it holds
    no word. Each word also finds the words it begins, so results follow
    the typing and shortened words ("recon faciale") are found."""
    groups, words, join_next = [], [], False
    terms = 0
    for token in TOKEN.finditer(text):
        negated, phrase, bare = token.group(1), token.group(2), token.group(3)
        if terms >= MAX_TERMS:
            break
        if bare == "OR":
            join_next = bool(groups)
            continue
        if phrase is not None:
            if not LETTERS.search(phrase):
                continue
            term = Phrase(phrase)
            if negated:
                term = Not(term)
        else:
            excluded = bare.startswith("-")
            parts = LETTERS.findall(bare)
            if not parts:
                continue
            # Every word may be the beginning of a longer one ("recon
            # faciale"), except a single letter, or a word excluded.
            items = [
                Word(part, prefix=len(part) > 1 and not excluded) for part in parts
            ]
            term = reduce(Both, items)
            if excluded:
                term = Not(term)
            else:
                words.extend(parts)
        terms += 1
        if join_next:
            groups[-1] = Either(groups[-1], term)
        else:
            groups.append(term)
        join_next = False
    if not groups:
        return None
    return Typed(query=reduce(Both, groups), words=tuple(words))


def matching_technologies(words: tuple[str, ...]) -> list[str]:
    """Technologies whose French or English name holds a word beginning with
    each typed word: "recon faciale" is facial recognition."""
    if not words:
        return []
    wanted = [normalise(word) for word in words]
    codes = []
    for code, label in Technology.choices:
        names = set()
        for language in ("fr", "en"):
            with translation.override(language):
                names.update(LETTERS.findall(normalise(str(label))))
        if all(any(name.startswith(word) for name in names) for word in wanted):
            codes.append(code)
    return codes


@dataclass(frozen=True)
class Kind:
    """How one kind of thing is searched, filtered and shown."""

    name: str
    group: str
    label: str
    model_label: str
    snippet_field: str | None
    # For the kinds that grow without bound: how many of the most recent rows
    # are walked first for the CANDIDATES most recent matches (_candidates).
    window: int = 0

    def visible(self, user):
        raise NotImplementedError

    def date(self):
        raise NotImplementedError

    def by_author(self, queryset, author):
        raise NotImplementedError

    def in_dossier(self, queryset, dossier):
        raise NotImplementedError

    def describe(self, obj) -> tuple[str, str, str]:
        """Title, link and context line of a found row."""
        raise NotImplementedError


class DossierKind(Kind):
    def visible(self, user):
        return Dossier.objects.visible_to(user)

    def date(self):
        return TruncDate("updated_at")

    def by_author(self, queryset, author):
        return queryset.filter(created_by=author)

    def in_dossier(self, queryset, dossier):
        return queryset.filter(pk=dossier.pk)

    def describe(self, obj):
        return obj.title, obj.get_absolute_url(), obj.get_kind_display()


class SectionKind(Kind):
    def visible(self, user):
        return (
            Section.objects.present()
            .filter(dossier__in=Dossier.objects.visible_to(user))
            .select_related("dossier")
        )

    def date(self):
        return TruncDate("updated_at")

    def by_author(self, queryset, author):
        edits = SectionRevision.objects.filter(section=OuterRef("pk"), editor=author)
        return queryset.filter(Exists(edits))

    def in_dossier(self, queryset, dossier):
        return queryset.filter(dossier=dossier)

    def describe(self, obj):
        return obj.title, obj.get_absolute_url(), obj.dossier.title


class ThreadKind(Kind):
    def visible(self, user):
        return Thread.objects.visible_to(user).select_related("category")

    def date(self):
        return TruncDate("created_at")

    def by_author(self, queryset, author):
        return queryset.filter(author=author)

    def in_dossier(self, queryset, dossier):
        used = Provenance.objects.filter(post__thread=OuterRef("pk"), dossier=dossier)
        return queryset.filter(Exists(used))

    def describe(self, obj):
        return obj.title, obj.get_absolute_url(), obj.category.name


class PostKind(Kind):
    def visible(self, user):
        threads = Thread.objects.visible_to(user)
        return (
            Post.objects.visible_to(user)
            .filter(deleted_at__isnull=True, thread__in=threads)
            .select_related("thread", "author")
        )

    def date(self):
        return TruncDate("created_at")

    def by_author(self, queryset, author):
        return queryset.filter(author=author)

    def in_dossier(self, queryset, dossier):
        used = Provenance.objects.filter(post=OuterRef("pk"), dossier=dossier)
        return queryset.filter(Exists(used))

    def describe(self, obj):
        return obj.thread.title, obj.get_absolute_url(), obj.author.public_name


class SourceKind(Kind):
    def visible(self, user):
        return Source.objects.visible_to(user)

    def date(self):
        return Coalesce("published_on", TruncDate("created_at"))

    def by_author(self, queryset, author):
        return queryset.filter(added_by=author)

    def in_dossier(self, queryset, dossier):
        """Sources cited by the dossier's sections or facts."""
        cited_in = Q(
            content_type=ContentType.objects.get_for_model(Section),
            object_id__in=Section.objects.filter(dossier=dossier).values("pk"),
        )
        for model in (Actor, Event, Figure, Deployment):
            cited_in |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=model.objects.filter(dossier=dossier).values("pk"),
            )
        citations = Citation.objects.filter(cited_in, source=OuterRef("pk"))
        return queryset.filter(Exists(citations))

    def describe(self, obj):
        return str(obj), obj.get_absolute_url(), obj.publisher


@dataclass(frozen=True)
class FactKind(Kind):
    model: type = None
    date_field: str = "created_at"

    def visible(self, user):
        return self.model.objects.visible_to(user).present().select_related("dossier")

    def date(self):
        if self.date_field == "created_at":
            return TruncDate("created_at")
        return F(self.date_field)

    def by_author(self, queryset, author):
        edits = FactRevision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=OuterRef("pk"),
            editor=author,
        )
        return queryset.filter(Exists(edits))

    def in_dossier(self, queryset, dossier):
        return queryset.filter(dossier=dossier)

    def describe(self, obj):
        return str(obj), obj.get_absolute_url(), obj.dossier.title


KINDS = (
    DossierKind("dossier", "dossier", _("Dossier"), "dossiers.Dossier", "summary"),
    SectionKind("section", "section", _("Section"), "dossiers.Section", "text"),
    ThreadKind("thread", "thread", _("Thread"), "forum.Thread", None),
    PostKind("post", "post", _("Post"), "forum.Post", "body", window=WINDOW),
    SourceKind("source", "source", _("Source"), "sources.Source", "description"),
    FactKind("actor", "fact", _("Actor"), "facts.Actor", "description", model=Actor),
    FactKind(
        "figure",
        "fact",
        _("Figure"),
        "facts.Figure",
        "note",
        model=Figure,
        date_field="as_of",
    ),
    FactKind(
        "event",
        "fact",
        _("Event"),
        "facts.Event",
        "description",
        model=Event,
        date_field="date",
    ),
    FactKind(
        "deployment",
        "fact",
        _("Deployment"),
        "facts.Deployment",
        "description",
        model=Deployment,
        date_field="start_date",
    ),
)
GROUPS = {
    "dossier": _("Dossiers"),
    "section": _("Dossier sections"),
    "thread": _("Threads"),
    "post": _("Posts"),
    "source": _("Sources"),
    "fact": _("Facts (figures, events, actors, deployments)"),
}


def _filtered(kind: Kind, criteria: Criteria, user):
    """What `user` may see of `kind`, with the reader's filters."""
    queryset = kind.visible(user)
    if criteria.author is not None:
        queryset = kind.by_author(queryset, criteria.author)
    if criteria.dossier is not None:
        queryset = kind.in_dossier(queryset, criteria.dossier)
    if criteria.since or criteria.until:
        queryset = queryset.alias(search_date=kind.date())
        if criteria.since:
            queryset = queryset.filter(search_date__gte=criteria.since)
        if criteria.until:
            queryset = queryset.filter(search_date__lte=criteria.until)
    return queryset


def _candidates(kind: Kind, queryset, found: Q):
    """The kind's CANDIDATES most recent matches: a list of keys, or a
    subquery.

    Two ways, each cheap where the other is not. A common word ("caméra" in
    most posts) has its most recent matches among the most recent rows:
    walking back through the primary key finds them after a few hundred
    rows. A rarer word is looked up in the GIN index, and only its matches
    are read. The walk is bounded (WINDOW rows) and tried first for the
    kinds that grow without bound; when it finds fewer than CANDIDATES
    matches, the index gives them all. Either way the result is the same:
    the most recent CANDIDATES matches.
    """
    matches = queryset.filter(found).order_by().values("pk")
    if kind.window:
        # The key of the WINDOW-th most recent row, visible or not (from the
        # primary key alone): the walk's lower bound.
        rows = queryset.model.objects.order_by("-pk").values("pk")
        bound = rows[kind.window - 1 : kind.window]
        recent = list(
            matches.filter(pk__gte=Coalesce(Subquery(bound), Value(0)))
            .order_by("-pk")
            .values_list("pk", flat=True)[:CANDIDATES]
        )
        if len(recent) == CANDIDATES:
            return recent
    # Sorting on "pk + 0" keeps the planner from walking the primary key
    # backwards until enough rows match, which takes a whole-table walk for
    # a rare word; the GIN index gives the matches, a top-N sort the newest.
    return matches.order_by((F("pk") + 0).desc())[:CANDIDATES]


def _ranked(index: int, kind: Kind, criteria: Criteria, user, typed: Typed, query):
    """The kind's candidates as (kind index, key, rank) rows."""
    queryset = _filtered(kind, criteria, user)
    document = Document()
    found = Q(Matches(document, query))
    bonus = Value(0.0)
    if kind.name == "deployment":
        technologies = matching_technologies(typed.words)
        if technologies:
            found |= Q(technology__in=technologies)
            bonus = Case(
                When(technology__in=technologies, then=Value(TECHNOLOGY_MATCH_RANK)),
                default=Value(0.0),
            )
    # The candidates are already what the reader may see: the table is read
    # by key.
    return (
        apps.get_model(kind.model_label)
        .objects.filter(pk__in=_candidates(kind, queryset, found))
        .annotate(search_kind=Value(index), search_rank=Rank(document, query) + bonus)
        .order_by()
        .values_list("search_kind", "pk", "search_rank")
    )


def _rows(kind: Kind, user, query, keys: list[int]) -> dict:
    """The found rows of one kind on the page, by key, with their headline
    (computed for these rows only)."""
    queryset = kind.visible(user).filter(pk__in=keys)
    if kind.snippet_field:
        queryset = queryset.annotate(
            search_fragment=Headline(
                kind.snippet_field, query, options=snippets.HEADLINE_OPTIONS
            )
        )
    return queryset.in_bulk()


def _hit(kind: Kind, obj, rank: float) -> Hit:
    title, url, context = kind.describe(obj)
    snippet = ()
    if kind.snippet_field:
        snippet = snippets.build(getattr(obj, kind.snippet_field), obj.search_fragment)
    return Hit(
        kind=kind.name,
        kind_label=str(kind.label),
        title=title,
        url=url,
        rank=rank,
        date=_display_date(kind, obj),
        context=context,
        snippet=snippet,
    )


def _display_date(kind: Kind, obj):
    if isinstance(kind, FactKind):
        return getattr(obj, kind.date_field)
    if kind.name == "source":
        return obj.published_on
    if kind.name in {"dossier", "section"}:
        return obj.updated_at
    return obj.created_at


def search(user, criteria: Criteria) -> Results:
    """The page `criteria.page` of what `user` may see matching `criteria`,
    best first.

    One query ranks every kind's candidates together (UNION ALL, one LIMIT);
    then each kind on the page reads its rows, with their headline, by key.
    """
    results = Results(criteria=criteria)
    typed = parse(criteria.text.strip()) if criteria.text else None
    if typed is None:
        return results
    text = evaluate(typed.query)
    if not text:
        return results  # only stop words
    query = TsQuery(text)
    page = min(max(criteria.page, 1), MAX_PAGE)
    ranked = [
        _ranked(index, kind, criteria, user, typed, query)
        for index, kind in enumerate(KINDS)
        if not criteria.kind or kind.group == criteria.kind
    ]
    found = (
        ranked[0]
        .union(*ranked[1:], all=True)
        .order_by("-search_rank", "search_kind", "-pk")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1
        ]
    )
    found = list(found)
    results.has_next = len(found) > PAGE_SIZE and page < MAX_PAGE
    found = found[:PAGE_SIZE]
    keys = {}
    for index, pk, _rank in found:
        keys.setdefault(index, []).append(pk)
    rows = {
        index: _rows(KINDS[index], user, query, kind_keys)
        for index, kind_keys in keys.items()
    }
    results.hits = [
        _hit(KINDS[index], rows[index][pk], rank)
        for index, pk, rank in found
        if pk in rows[index]
    ]
    return results
