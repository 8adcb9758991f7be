"""How facts read: precision-aware dates and periods, grouped figures.

Plain functions, used by facts/history.py and registered as template filters
and tags by facts/templatetags/facts.py.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from carre.dates import long_date

DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


def fact_date(value, precision="day"):
    """16 février 2020 (1er février 2020), février 2020 or 2020, as precise as
    the fact is; one style per language (carre.dates)."""
    if not value:
        return ""
    if precision not in DATE_FORMATS:
        precision = "day"
    return long_date(value, precision)


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


def figure_value(value):
    """210 000 rather than 210000.0000; decimals only when there are some."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True, force_grouping=True)
