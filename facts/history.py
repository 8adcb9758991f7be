"""A fact's revisions as readable rows: labels, values, what changed."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from facts.formatting import fact_date, figure_value
from facts.models import Actor
from sources.models import Source


@dataclass
class RevisionRow:
    revision: object
    values: list[tuple[str, str, bool]]  # (label, shown value, changed)


def _label(model, name: str) -> str:
    if name == "citations":
        return _("Sources")
    return str(model._meta.get_field(name).verbose_name).capitalize()


def revision_rows(fact, revisions: list) -> list[RevisionRow]:
    """Each revision's values, resolved to names, with changes from the previous."""
    model = type(fact)
    actor_ids, source_ids = set(), set()
    for revision in revisions:
        values = revision.values
        actor_ids |= {values.get("attributed_to_id"), values.get("vendor_id")}
        source_ids.add(values.get("source_id"))
        source_ids |= {c["source_id"] for c in values.get("citations", [])}
    actors = dict(
        Actor.objects.filter(pk__in=actor_ids - {None}).values_list("pk", "name")
    )
    sources = {
        source.pk: source
        for source in Source.objects.filter(pk__in=source_ids - {None})
    }

    def show(name, value, values):
        if value in (None, "", []):
            return "—"
        if name in ("attributed_to_id", "vendor_id"):
            return actors.get(value, _("(deleted actor)"))
        if name == "source_id":
            source = sources.get(value)
            return source.key if source else _("(deleted source)")
        if name == "citations":
            return "; ".join(
                " ".join(
                    filter(
                        None,
                        [
                            getattr(sources.get(c["source_id"]), "key", "?"),
                            c.get("locator", ""),
                        ],
                    )
                )
                for c in value
            )
        if name == "value" or name in ("cost",):
            return figure_value(value)
        field = model._meta.get_field(name)
        if field.choices:
            return str(dict(field.choices).get(value, value))
        if field.get_internal_type() == "DateField":
            precision = values.get(
                {"as_of": "as_of_precision", "date": "date_precision"}.get(
                    name, name.replace("_date", "_precision")
                ),
                "day",
            )
            return fact_date(field.to_python(value), precision)
        return str(value)

    rows = []
    # Oldest first to compare each revision with the one before it.
    previous = {}
    for revision in sorted(revisions, key=lambda r: r.number):
        values = revision.values
        shown = [
            (
                _label(model, name),
                show(name, values.get(name), values),
                bool(previous) and previous.get(name) != values.get(name),
            )
            for name in model.revision_fields
        ]
        rows.append(RevisionRow(revision=revision, values=shown))
        previous = values
    rows.reverse()
    return rows
