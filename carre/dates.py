"""Dates as people write them, one style per language.

French writes the first of the month as an ordinal ("1er février 2020");
English pages use one style, day month year ("2 December 2026"), instead of
mixing Django's "Dec. 2, 2026" with numeric dates. Registered as the template
filters `long_date` and `long_datetime` (carre/templatetags/dates.py).
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _is_french() -> bool:
    return (get_language() or "").split("-")[0] == "fr"


def long_date(value, precision: str = "day") -> str:
    """1er février 2020 / 1 February 2020; "février 2020" or "2020" when the
    date is only known to the month or the year."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if precision == "year":
        return formats.date_format(value, "Y")
    if precision == "month":
        return formats.date_format(value, "F Y")
    if value.day == 1 and _is_french():
        return formats.date_format(value, r"j\e\r F Y")
    return formats.date_format(value, "j F Y")


def long_datetime(value) -> str:
    """1er février 2020 à 14:05 / 1 February 2020, 14:05 (local time)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(date)s at %(time)s") % {
        "date": long_date(value.date()),
        "time": formats.time_format(value, "H:i"),
    }


def iso_datetime(value) -> str:
    """A `datetime` attribute value without microseconds (valid HTML)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
