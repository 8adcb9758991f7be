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
