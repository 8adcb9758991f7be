"""Template helpers for facts: the panel, precision-aware dates, figures."""

from django import template

from facts import formatting
from facts.panel import facts_panel

register = template.Library()

register.filter("fact_date", formatting.fact_date)
register.simple_tag(formatting.fact_period, name="fact_period")
register.filter("figure_value", formatting.figure_value)


@register.simple_tag(takes_context=True)
def dossier_facts(context, dossier):
    """The facts panel of a dossier for the current viewer."""
    return facts_panel(dossier, context["request"].user)


@register.filter
def is_editable(panel, fact):
    return (fact.kind, fact.pk) in panel.editable


@register.inclusion_tag("facts/_filter_select.html")
def filter_select(form_id, name, label, everything, options, selected):
    """One filter of the map's or the timeline's GET form: a labelled
    `<select>` whose first choice, `everything`, sets no filter. `options`
    are technology entries, (value, label) pairs or plain names."""
    pairs = []
    for option in options:
        if hasattr(option, "code"):
            pairs.append((option.code, option.label))
        elif isinstance(option, tuple | list):
            pairs.append((option[0], option[1]))
        else:
            pairs.append((option, option))
    return {
        "field_id": f"{form_id}-{name}",
        "name": name,
        "label": label,
        "everything": everything,
        "options": pairs,
        "selected": selected,
    }
