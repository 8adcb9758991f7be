"""Template helpers for facts: the panel, precision-aware dates, figures."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from facts.panel import facts_panel
from facts.taxonomy import DESCRIPTIONS, Technology

register = template.Library()

DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.simple_tag(takes_context=True)
def dossier_facts(context, dossier):
    """The facts panel of a dossier for the current viewer."""
    return facts_panel(dossier, context["request"].user)


@register.filter
def fact_date(value, precision="day"):
    """16 février 2020, février 2020 or 2020, as precise as the fact is."""
    if not value:
        return ""
    return formats.date_format(value, DATE_FORMATS.get(precision, "j F Y"))


@register.simple_tag
def fact_period(start, start_precision, end=None, end_precision="day"):
    """One date, or a period "2020 - 2021" (with an en dash); empty if unknown."""
    first = fact_date(start, start_precision)
    if not end:
        return first
    last = fact_date(end, end_precision)
    if not first:
        return _("until %(date)s") % {"date": last}
    if first == last:
        return first
    return f"{first} \u2013 {last}"


@register.filter
def figure_value(value):
    """210 000 rather than 210000.0000; decimals only when there are some."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True, force_grouping=True)


@register.filter
def technology_description(code):
    try:
        return DESCRIPTIONS[Technology(code)]
    except (ValueError, KeyError):
        return ""


@register.filter
def is_editable(panel, fact):
    return (fact.kind, fact.pk) in panel.editable


@register.simple_tag(takes_context=True)
def post_usage(context, post):
    """Where a forum post was used, and whether the viewer may add it to a dossier.

    The provenances of a whole thread are read once per request (one query),
    so a thread page's query count does not grow with its posts.
    """
    from facts.permissions import can_promote_post
    from facts.promotion import thread_provenances

    request = context["request"]
    user = request.user
    by_thread = request.__dict__.setdefault("_facts_post_usage", {})
    first = not by_thread
    if post.thread_id not in by_thread:
        by_thread[post.thread_id] = thread_provenances(post.thread_id, user)
    seen, provenances = set(), []
    for provenance in by_thread[post.thread_id].get(post.pk, ()):
        if provenance.dossier_id not in seen:
            seen.add(provenance.dossier_id)
            provenances.append(provenance)
    return {
        # The first post of the page also links the stylesheet of the dialog.
        "first": first,
        "provenances": provenances,
        "can_promote": not post.is_deleted
        and not getattr(post, "is_pending", False)
        and can_promote_post(user, post),
    }
